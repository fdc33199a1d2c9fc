/**
 * Runs PGlite in a worker thread and serves it over a Unix socket, so the server talks to the embedded
 * database through the same `pg` driver, Kysely dialect and pool as to PostgreSQL (DESIGN §3a) and a
 * long query never blocks the HTTP event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

interface WorkerInput {
  dataDir: string;
  socketPath: string;
  maxConnections: number;
  /** Only create the data directory (initdb) and stop: see `startPgliteHost`. */
  initOnly?: boolean;
}

const input = workerData as WorkerInput;

/**
 * Settings for a small footprint (ADR 0036), added to PGlite's own start parameters. PGlite runs PostgreSQL in
 * single-user mode: no checkpointer, no autovacuum, so Keduo checkpoints, analyzes and vacuums itself
 * (embedded-maintenance.ts), and WAL-size limits never start a checkpoint.
 * - shared_buffers: PGlite touches the whole buffer pool at start (128 MB default: open RSS 312 MiB against
 *   173 MiB at 16 MB); pages beyond it come from the OS page cache, which is not the process's RSS.
 * - maintenance_work_mem: what an index build or a vacuum may take from the WASM heap, which never shrinks.
 * - wal_recycle, wal_init_zero off: a checkpoint removes old segments instead of keeping them as 16 MB
 *   files, and a new segment holds only what was written; min/max_wal_size bound what a checkpoint keeps.
 * - full_page_writes off: it guards against pages torn by a power cut, which `fsync=off` (PGlite's default)
 *   already gives up; with data checksums on it would log a full page per page whose hint bits change.
 */
const EMBEDDED_SETTINGS = [
  "shared_buffers=32MB",
  "maintenance_work_mem=16MB",
  "wal_recycle=off",
  "wal_init_zero=off",
  "min_wal_size=32MB",
  "max_wal_size=64MB",
  "full_page_writes=off",
];

async function main() {
  const db = await PGlite.create(input.dataDir, {
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((setting) => ["-c", setting])],
  });
  if (input.initOnly) {
    await db.close();
    parentPort?.postMessage({ type: "stopped" });
    return;
  }
  const server = new PGLiteSocketServer({ db, path: input.socketPath, maxConnections: input.maxConnections });
  await server.start();
  parentPort?.postMessage({ type: "ready" });
  parentPort?.on("message", async (message: { type: string }) => {
    if (message.type !== "stop") return;
    await server.stop();
    await db.close();
    parentPort?.postMessage({ type: "stopped" });
  });
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
});
