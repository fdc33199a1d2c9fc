import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

/**
 * Two processes opening one PGlite directory corrupt it silently, so the data dir is guarded by an
 * exclusive lock file. A lock whose process is gone (after kill -9 or a crash) is recognised as stale
 * and taken over; a live owner makes the start fail with a message naming it.
 */
export function acquireDataDirLock(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "keduo.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(path);
      if (owner && owner.host !== hostname()) {
        throw new DataDirLockedError(
          `The data directory ${dataDir} is locked by process ${owner.pid} on host ${owner.host}. ` +
            `If that host is not running Keduo any more, delete ${path}.`,
        );
      }
      if (owner && owner.pid !== process.pid && isProcessAlive(owner.pid)) {
        throw new DataDirLockedError(
          `The data directory ${dataDir} is in use by another Keduo process (pid ${owner.pid}, started ${owner.startedAt}). ` +
            "Stop it first, or set KEDUO_DATA_DIR to another directory.",
        );
      }
      // Stale: its process is gone (or the file is unreadable, e.g. a crash while writing it).
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data directory ${dataDir}`);
}
