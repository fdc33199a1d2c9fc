// Builds the web app (apps/web → apps/web/dist) when the build is missing or older than its sources, so that
// `npm start` on a fresh clone serves the app without another command. `--force` always builds.
//
// Sources are the web app itself, packages/core (the web app bundles parts of it) and the lockfile
// (a dependency upgrade changes the bundle).

import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildAndPublish } from "./web-build.ts";

const root = resolve(import.meta.dirname, "..");
const web = join(root, "apps", "web");
const builtIndex = join(web, "dist", "index.html");

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

const sources = [
  join(web, "src"),
  join(web, "index.html"),
  join(web, "vite.config.ts"),
  join(web, "package.json"),
  join(root, "packages", "core", "src"),
  join(root, "package-lock.json"),
];

const force = process.argv.includes("--force");
const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestMtime));

if (!force && builtAt > changedAt) {
  console.log("web app: build is up to date (apps/web/dist)");
} else {
  console.log(builtAt ? "web app: sources changed, rebuilding…" : "web app: not built yet, building…");
  const started = performance.now();
  // Into a staging folder, then moved into dist (scripts/web-build.ts): a server serving dist meanwhile (another
  // test run's) never finds its files gone.
  const vite = (outDir: string) =>
    new Promise<void>((done, fail) => {
      // Vite runs on this Node (24, from the `node` devDependency), not on whatever `node` is first on PATH.
      const child = spawn(
        process.execPath,
        [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--outDir", outDir, "--emptyOutDir"],
        // A test runner's NODE_ENV=test would otherwise give React's development build.
        { cwd: web, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
      );
      child.on("error", fail);
      child.on("exit", (code, signal) =>
        code === 0 ? done() : fail(new Error(`exit code ${code ?? signal}`)),
      );
    });
  try {
    await buildAndPublish(web, vite);
  } catch (error) {
    console.error(`web app: build failed (${(error as Error).message})`);
    process.exit(1);
  }
  console.log(`web app: built in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}
