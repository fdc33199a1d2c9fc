import type { AddressInfo } from "node:net";
import { loadConfig } from "../config.ts";
import type { FirstAdmin } from "../modules/auth/index.ts";
import { applyTemplateOnFirstStart, describeFirstStartTemplate } from "../modules/templates/index.ts";
import { createKeduo } from "../server.ts";
import { box } from "./cli-output.ts";
import { type DemoCommandOptions, demoOptions, fillDemo } from "./demo.command.ts";

function firstAdminNotice(admin: FirstAdmin): string {
  const lines = [
    admin.created ? "Created the first administrator:" : "Gave the admin role to:",
    `  email:    ${admin.email}`,
  ];
  if (admin.generatedPassword) {
    lines.push(
      `  password: ${admin.generatedPassword}`,
      "",
      "This password is shown only once. Sign in and change it.",
    );
  }
  return box(lines);
}

/** `keduo start [--demo]`: with `--demo`, the demo company is filled (once) before the server listens. */
export async function startCommand(
  options: { demo: boolean } & DemoCommandOptions = { demo: false },
): Promise<void> {
  const config = loadConfig();
  const demo = options.demo ? demoOptions(options) : null;
  const server = await createKeduo({ config, logger: { level: config.logLevel } });
  let template: string | null = null;
  let demoNotice: string | null = null;
  try {
    // Before listening: nobody sees the empty platform the template is about to fill.
    const plan = await applyTemplateOnFirstStart(server, config.template);
    if (plan) template = describeFirstStartTemplate(plan);
    if (demo) demoNotice = await fillDemo(server, config, demo);
    await server.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await server.close();
    throw error;
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    // A second Ctrl-C while closing means "now".
    if (closing) process.exit(1);
    closing = true;
    console.log(`\n${signal} received, shutting down…`);
    try {
      await server.close();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const { port } = server.app.server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  for (const note of server.recovered) console.log(note);
  if (template) console.log(template);
  if (demoNotice) console.log(demoNotice);
  // The login first, then the URL: "running at" is the line people (and scripts) wait for.
  if (server.firstAdmin) console.log(firstAdminNotice(server.firstAdmin));
  console.log(`Keduo is running at http://${host}:${port}`);
}
