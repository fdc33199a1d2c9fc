import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

/**
 * Gzip bytes of the JavaScript the first page load needs: the browser tests' own reckoning, so the
 * benchmark's figure (c) and the tests' 600 KB check cannot drift apart.
 */
export { initialJsGzipBytes } from "../../../e2e/src/bundle-size.ts";

const root = resolve(import.meta.dirname, "../../..");

/** Builds the web app when its sources are newer than the build (as `npm start` and the browser tests do). */
export function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [join(root, "scripts/ensure-web-build.ts")], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("building the web app failed");
}
