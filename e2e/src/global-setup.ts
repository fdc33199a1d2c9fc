import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** The tests drive the built app, so build it first when its sources changed. */
export default function setup() {
  mkdirSync(resolve(root, "test-results"), { recursive: true });
  const result = spawnSync(process.execPath, [resolve(root, "scripts/ensure-web-build.ts")], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("building the web app failed");
}
