// Publishing a web build without ever taking files away from a server that is serving them. Vite empties its
// output folder before writing, so two builds into apps/web/dist at once (two e2e runs, `npm start` beside a
// test run) left a server serving a half-emptied folder. Each build now writes to a staging folder of its own
// beside dist, and is then moved in file by file with rename(2), which replaces a file atomically: a reader
// sees the old file or the new one, whole. index.html, which names the assets, moves last; files of earlier
// builds are removed only once they are older than a grace period, so a build published meanwhile by another
// process (and a page still holding its index.html) keeps its assets.

import { mkdir, readdir, rename, rm, stat, unlink, utimes } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/** How long a file no longer part of the newest build stays in dist (a concurrent build's, a loaded page's). */
export const STALE_AFTER_MS = 10 * 60_000;

/** The staging folder's name starts so: ignored by git and Docker, and removed if a build died in it. */
export const STAGING_PREFIX = ".dist-staging-";

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

/**
 * Moves a finished build from `staging` into `dist`: everything but index.html first, then index.html, then
 * the stale files of earlier builds. `startedAt` becomes index.html's time, so a source edited while the build
 * ran still counts as newer than the build.
 */
export async function publish(staging: string, dist: string, startedAt: Date): Promise<void> {
  const files = await filesUnder(staging);
  if (!files.includes("index.html")) throw new Error(`${staging} holds no index.html: not a finished build`);
  await utimes(join(staging, "index.html"), startedAt, startedAt);
  // The first build: the whole folder, in one rename (it fails when another build created dist meanwhile).
  const whole = await rename(staging, dist).then(
    () => true,
    () => false,
  );
  if (whole) return;
  const ordered = [...files.filter((f) => f !== "index.html"), "index.html"];
  for (const file of ordered) {
    await mkdir(dirname(join(dist, file)), { recursive: true });
    await rename(join(staging, file), join(dist, file));
  }
  await rm(staging, { recursive: true, force: true });
  const fresh = new Set(files);
  const cutoff = Date.now() - STALE_AFTER_MS;
  for (const file of await filesUnder(dist)) {
    if (fresh.has(file)) continue;
    const stats = await stat(join(dist, file)).catch(() => null);
    if (stats && stats.mtimeMs < cutoff) await unlink(join(dist, file)).catch(() => undefined);
  }
}

/**
 * Builds the web app with `build` into a staging folder beside `dist` and publishes it. Staging folders that a
 * killed build left behind long ago are removed first.
 */
export async function buildAndPublish(
  web: string,
  build: (outDir: string) => Promise<void>,
  dist = join(web, "dist"),
): Promise<void> {
  const cutoff = Date.now() - STALE_AFTER_MS;
  for (const entry of await readdir(web)) {
    if (!entry.startsWith(STAGING_PREFIX)) continue;
    const stats = await stat(join(web, entry)).catch(() => null);
    if (stats && stats.mtimeMs < cutoff) await rm(join(web, entry), { recursive: true, force: true });
  }
  const staging = join(web, `${STAGING_PREFIX}${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const startedAt = new Date();
  try {
    await build(staging);
    await publish(staging, dist, startedAt);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
