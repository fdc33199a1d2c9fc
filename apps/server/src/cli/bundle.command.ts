import { lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { loadConfig } from "../config.ts";
import { BUNDLE_LIMITS, type BundleFiles, type BundlePlan } from "../modules/bundles/index.ts";
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
      await writeFolder(dir, files);
      console.log(`Exported ${Object.keys(files).length} files to ${dir}.`);
      return 0;
    }
    const plan = await server.bundles.apply(await readFolder(dir), { dryRun: options.dryRun, actorId: null });
    console.log(describePlan(plan));
    return 0;
  } finally {
    await server.close();
  }
}

async function writeFolder(dir: string, files: BundleFiles) {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, ...path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

/** Every regular file under `dir`, by its `/`-separated path; links are refused (they could point anywhere). */
async function readFolder(dir: string): Promise<BundleFiles> {
  const files: BundleFiles = {};
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = relative(dir, path).split(sep).join("/");
      if (entry.isDirectory()) await walk(path);
      else if (!entry.isFile()) throw new Error(`${name} is not a regular file; a bundle holds only files.`);
      else if ((await lstat(path)).size > BUNDLE_LIMITS.fileBytes)
        files[name] = " ".repeat(BUNDLE_LIMITS.fileBytes + 1);
      else files[name] = await readFile(path, "utf8");
    }
  };
  await walk(dir);
  return files;
}

function describePlan(plan: BundlePlan): string {
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
