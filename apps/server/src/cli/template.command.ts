import { loadConfig } from "../config.ts";
import { readTemplate, templateNames } from "../modules/templates/index.ts";
import { createKeduo } from "../server.ts";
import { describePlan } from "./bundle.command.ts";

/**
 * `keduo template apply <name> [--dry-run]`: a shipped template (templates/<name>) applied like
 * `keduo bundle apply templates/<name>`, to an installation of any state: items an admin changed are kept,
 * as with every bundle. `keduo template list` names the templates.
 */
export async function templateCommand(options: {
  action: string | undefined;
  name: string | undefined;
  dryRun: boolean;
}): Promise<number> {
  if (options.action === "list" && !options.name) {
    console.log(templateNames().join("\n"));
    return 0;
  }
  if (options.action !== "apply" || !options.name) {
    console.error("usage: keduo template apply <name> [--dry-run] | list");
    return 2;
  }
  const files = await readTemplate(options.name);
  const server = await createKeduo({ config: loadConfig() });
  try {
    const plan = await server.bundles.apply(files, { dryRun: options.dryRun, actorId: null });
    console.log(describePlan(plan));
    return 0;
  } finally {
    await server.close();
  }
}
