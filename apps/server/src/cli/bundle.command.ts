import { loadConfig } from "../config.ts";
import { type BundlePlan, readBundleFolder, writeBundleFolder } from "../modules/bundles/index.ts";
import { createKeduo } from "../server.ts";

/**
 * `keduo bundle export|apply <dir>`: the server's own bundle service on the configured database (the
 * embedded one must not be held by a running server; use the HTTP API then). The CLI acts as the system:
 * nothing is applied in a user's name.
 */
export async function bundleCommand(options: {
  action: string | undefined;
  dir: string | undefined;
  dryRun: boolean;
  name?: string;
  version?: string;
}): Promise<number> {
  const { action, dir } = options;
  if ((action !== "export" && action !== "apply") || !dir) {
    console.error(
      "usage: keduo bundle export <dir> [--name n] [--bundle-version v] | apply <dir> [--dry-run]",
    );
    return 2;
  }
  const server = await createKeduo({ config: loadConfig() });
  try {
    if (action === "export") {
      const files = await server.bundles.export({
        name: options.name ?? "keduo-export",
        version: options.version ?? "1",
      });
      await writeBundleFolder(dir, files);
      console.log(`Exported ${Object.keys(files).length} files to ${dir}.`);
      return 0;
    }
    const plan = await server.bundles.apply(await readBundleFolder(dir), {
      dryRun: options.dryRun,
      actorId: null,
    });
    console.log(describePlan(plan));
    return 0;
  } finally {
    await server.close();
  }
}

/** The plan as the CLI prints it: what changes, item by item, then the DDL. */
export function describePlan(plan: BundlePlan): string {
  const { summary } = plan;
  const lines = plan.items
    .filter((item) => item.action !== "unchanged")
    .map(
      (item) =>
        `  ${item.action.padEnd(20)} ${item.kind} ${item.key}${item.reason ? ` (${item.reason})` : ""}`,
    );
  const state = plan.dry_run
    ? "dry run, nothing applied"
    : plan.applied
      ? `applied, metadata version ${plan.meta_version}`
      : "nothing to apply";
  return [
    `Bundle ${plan.bundle.name} ${plan.bundle.version}: ${state}.`,
    `  create ${summary.create}, update ${summary.update}, unchanged ${summary.unchanged}, kept (changed locally) ${summary.kept_changed_locally}, left alone ${summary.left_alone}`,
    ...lines,
    ...plan.statements.map((statement) => `  DDL: ${statement}`),
  ].join("\n");
}
