import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(import.meta.dirname, "../../..");
const dist = join(root, "apps/web/dist");

/** Builds the web app when its sources are newer than the build (what `npm start` and the browser tests do). */
export function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [join(root, "scripts/ensure-web-build.ts")], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("building the web app failed");
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

/**
 * Gzip bytes of the JavaScript the first page load needs: the entry chunks and their static imports, not the
 * lazy ones. The same reckoning as the browser tests' check (e2e/src/bundle-size.ts), which the benchmark
 * cannot import (another TypeScript project).
 */
export function initialJsGzipBytes(): { bytes: number; files: string[] } {
  const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const files = [...seen].map((key) => manifest[key]!.file).filter((file) => file.endsWith(".js"));
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
  return { bytes, files };
}
