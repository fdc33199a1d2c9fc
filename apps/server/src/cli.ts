#!/usr/bin/env node
import { parseArgs } from "node:util";
import { backupCommand } from "./cli/backup.command.ts";
import { bundleCommand } from "./cli/bundle.command.ts";
import { describeFatalError } from "./cli/cli-output.ts";
import { createAdminCommand } from "./cli/create-admin.command.ts";
import { demoCommand } from "./cli/demo.command.ts";
import { migrateCommand } from "./cli/migrate.command.ts";
import { restoreCommand } from "./cli/restore.command.ts";
import { startCommand } from "./cli/start.command.ts";
import { templateCommand } from "./cli/template.command.ts";

const USAGE = `Usage: keduo <command> [options]

Commands:
  start                 Start the server (migrates the database first; applies KEDUO_TEMPLATE, default crm,
                        to an empty installation)
      --demo              also fill the demo company unless this installation has it (see demo;
                          --seed and --scale apply)
  migrate               Apply pending database migrations and exit
  create-admin          Create an administrator, or give the admin role to an existing user
      --email <email>     required
      --password <pw>     at least 8 characters; generated and printed when omitted for a new user
      --name <name>       display name
  backup [file]         Write a backup of the database (default file: keduo-backup-<time>.kdbackup)
      --passphrase-file <f> encrypt it (AES-256-GCM) with the passphrase in <f> (or KEDUO_BACKUP_PASSPHRASE)
      --force             overwrite an existing file
      --url <url>         the running server to ask when it holds the embedded database (default HOST:PORT)
      --token-file <f>    an admin API token for that server (or KEDUO_API_TOKEN)
  restore <file>        Restore a backup into an empty installation
      --passphrase-file <f> the passphrase of an encrypted backup (or KEDUO_BACKUP_PASSPHRASE)
      --force             replace the existing installation
  bundle export <dir>   Write the configuration (objects, fields, layouts, views, rules, roles, sharing) as files
      --name <name>       the bundle's name (default keduo-export)
      --bundle-version <v> its version (default 1)
  bundle apply <dir>    Apply a bundle in one metadata change; prints the plan
      --dry-run           print the plan (with its DDL) and apply nothing
  template apply <name> Apply a shipped template (templates/<name>, e.g. crm) like a bundle; prints the plan
      --dry-run           print the plan (with its DDL) and apply nothing
  template list         Name the shipped templates
  demo                  Fill the demo company once (CRM template applied first to an empty installation):
                        departments, 43 people and a few thousand customers with deals, quotes, contracts,
                        payments, tickets, activities and tasks; prints the logins (password
                        KEDUO_DEMO_PASSWORD, default keduo-demo-2026)
      --seed <n>          the same seed makes the same company (default 20260101)
      --scale <n>         number of accounts (default 3000)
  help                  Show this help

Configuration comes from environment variables (PORT, HOST, KEDUO_DATA_DIR, DATABASE_URL, …); see README.`;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command = "help", ...extra] = positionals;
  // backup and restore take one file argument, bundle an action and a folder, template an action and a name
  const file = command === "backup" || command === "restore" ? extra.shift() : undefined;
  const bundle = command === "bundle" ? { action: extra.shift(), dir: extra.shift() } : undefined;
  const template = command === "template" ? { action: extra.shift(), name: extra.shift() } : undefined;
  if (extra.length) {
    console.error(`Unexpected arguments: ${extra.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  switch (command) {
    case "start":
      await startCommand({ demo: values.demo ?? false, seed: values.seed, scale: values.scale });
      return 0;
    case "demo":
      return demoCommand({ seed: values.seed, scale: values.scale });
    case "migrate":
      await migrateCommand();
      return 0;
    case "create-admin":
      if (!values.email) {
        console.error(`create-admin needs --email\n\n${USAGE}`);
        return 2;
      }
      await createAdminCommand({ email: values.email, password: values.password, name: values.name });
      return 0;
    case "backup":
      await backupCommand({
        ...(file ? { file } : {}),
        ...(values["passphrase-file"] ? { passphraseFile: values["passphrase-file"] } : {}),
        ...(values.url ? { url: values.url } : {}),
        ...(values["token-file"] ? { tokenFile: values["token-file"] } : {}),
        force: values.force ?? false,
      });
      return 0;
    case "restore":
      if (!file) {
        console.error(`restore needs the backup file\n\n${USAGE}`);
        return 2;
      }
      await restoreCommand({
        file,
        ...(values["passphrase-file"] ? { passphraseFile: values["passphrase-file"] } : {}),
        force: values.force ?? false,
      });
      return 0;
    case "bundle":
      return bundleCommand({
        action: bundle?.action,
        dir: bundle?.dir,
        dryRun: values["dry-run"] ?? false,
        ...(values.name ? { name: values.name } : {}),
        ...(values["bundle-version"] ? { version: values["bundle-version"] } : {}),
      });
    case "template":
      return templateCommand({
        action: template?.action,
        name: template?.name,
        dryRun: values["dry-run"] ?? false,
      });
    case "help":
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      "passphrase-file": { type: "string" },
      url: { type: "string" },
      "token-file": { type: "string" },
      force: { type: "boolean" },
      "dry-run": { type: "boolean" },
      "bundle-version": { type: "string" },
      demo: { type: "boolean" },
      seed: { type: "string" },
      scale: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

const args = process.argv.slice(2);
main(args.includes("--help") || args.includes("-h") ? ["help"] : args).then(
  (code) => {
    // `start` keeps running (the server holds the event loop); the other commands end here.
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(describeFatalError(error));
    process.exit(1);
  },
);
