import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isProcessAlive } from "./data-dir-lock.ts";

/**
 * The embedded database listens on a Unix socket in a temp directory `keduo-pg-<pid>-<random>` (socket paths
 * are limited to ~107 bytes, too short for a data directory). A process killed with -9 cannot remove its
 * directory, so starts remove those whose process is gone (ADR 0016) — never a live instance's.
 */

const PREFIX = "keduo-pg-";
const SOCKET = ".s.PGSQL.5432";
const OWNED = /^keduo-pg-(\d+)-[A-Za-z0-9]{6}$/;
/** Directories of Keduo versions before the pid was in the name. */
const UNOWNED = /^keduo-pg-[A-Za-z0-9]{6}$/;
/** An unowned directory younger than this may belong to an older Keduo still starting (no socket yet). */
const UNOWNED_MIN_AGE_MS = 10 * 60_000;

export function createSocketDir(): { socketDir: string; socketPath: string } {
  const socketDir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  return { socketDir, socketPath: join(socketDir, SOCKET) };
}

/** Paths of the Unix sockets listening on this machine (Linux), or null where that cannot be read. */
function listeningSockets(): Set<string> | null {
  try {
    const lines = readFileSync("/proc/net/unix", "utf8").split("\n").slice(1);
    return new Set(lines.map((line) => line.trim().split(/\s+/)[7]).filter((path) => path !== undefined));
  } catch {
    return null;
  }
}

function isAbandoned(name: string, path: string, listening: () => Set<string> | null): boolean {
  const owned = OWNED.exec(name);
  if (owned) return Number(owned[1]) !== process.pid && !isProcessAlive(Number(owned[1]));
  if (!UNOWNED.test(name)) return false;
  const sockets = listening();
  if (!sockets || sockets.has(join(path, SOCKET))) return false;
  return Date.now() - statSync(path).mtimeMs > UNOWNED_MIN_AGE_MS;
}

/** Removes the socket directories of processes that are gone; answers the removed paths. */
export function removeAbandonedSocketDirs(): string[] {
  const base = tmpdir();
  let listening: Set<string> | null | undefined;
  const removed: string[] = [];
  for (const name of readdirSync(base)) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(base, name);
    try {
      if (!isAbandoned(name, path, () => (listening ??= listeningSockets()))) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Another user's directory, or gone meanwhile: not ours to worry about.
    }
  }
  return removed;
}
