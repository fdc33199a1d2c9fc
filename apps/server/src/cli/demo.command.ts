import type { ServerConfig } from "../config.ts";
import { loadConfig } from "../config.ts";
import {
  DEMO_DEFAULTS,
  type DemoOptions,
  DemoUnavailableError,
  describeDemoLogins,
  fillDemoCompany,
} from "../modules/demo/index.ts";
import { applyTemplateOnFirstStart, describeFirstStartTemplate } from "../modules/templates/index.ts";
import { createKeduo, type KeduoServer } from "../server.ts";

export interface DemoCommandOptions {
  seed?: string | undefined;
  scale?: string | undefined;
}

/** `--seed` and `--scale` as numbers, the password from KEDUO_DEMO_PASSWORD. */
export function demoOptions(options: DemoCommandOptions, env = process.env): DemoOptions {
  const integer = (flag: string, value: string | undefined, min: number) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min)
      throw new DemoUnavailableError(`--${flag} must be an integer ≥ ${min}`);
    return parsed;
  };
  const seed = integer("seed", options.seed, 0);
  const scale = integer("scale", options.scale, 1);
  return {
    ...(seed !== undefined ? { seed } : {}),
    ...(scale !== undefined ? { scale } : {}),
    password: env.KEDUO_DEMO_PASSWORD || DEMO_DEFAULTS.password,
  };
}

/**
 * Fills the demo company into a started server, applying the CRM template first to an empty installation;
 * returns what to print: the logins, or that the demo is already there.
 */
export async function fillDemo(
  server: KeduoServer,
  config: ServerConfig,
  options: DemoOptions,
): Promise<string> {
  const lines: string[] = [];
  const plan = await applyTemplateOnFirstStart(server, "crm");
  if (plan) lines.push(describeFirstStartTemplate(plan));
  const outcome = await fillDemoCompany(server, config, options);
  if (outcome.created) lines.push(describeDemoLogins(outcome));
  else if (outcome.reason === "exists")
    lines.push(
      `This installation already has the demo company (filled ${outcome.since ?? "earlier"}); nothing was changed.`,
    );
  else
    lines.push(
      `A demo fill started ${outcome.since ?? "earlier"} did not finish; its people may exist without their records. ` +
        "Start from an empty installation (a new KEDUO_DATA_DIR or database) to fill the demo again.",
    );
  return lines.join("\n");
}

/** `keduo demo [--seed N] [--scale N]`: the demo company in this installation, once. */
export async function demoCommand(options: DemoCommandOptions): Promise<number> {
  const config = loadConfig();
  const demo = demoOptions(options);
  const server = await createKeduo({ config });
  try {
    console.log(await fillDemo(server, config, demo));
    return 0;
  } finally {
    await server.close();
  }
}
