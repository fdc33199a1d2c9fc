import { rmSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { createSocketDir } from "./pglite-socket-dirs.ts";

export interface PgliteHost {
  /** Directory holding the Unix socket `.s.PGSQL.5432` (what `pg` takes as `host`). */
  socketDir: string;
  maxConnections: number;
  stop(): Promise<void>;
}

type WorkerMessage = { type: "ready" } | { type: "stopped" } | { type: "error"; message: string };

/** Starts PGlite on `dataDir` ("memory://" for a throw-away database) in a worker thread. */
export async function startPgliteHost(dataDir: string, maxConnections = 8): Promise<PgliteHost> {
  // Unix socket paths are limited to ~107 bytes, so the socket lives in a short temp dir, not the data dir.
  const { socketDir, socketPath } = createSocketDir();
  const worker = new Worker(new URL("./pglite-worker.ts", import.meta.url), {
    workerData: { dataDir, socketPath, maxConnections },
  });
  const next = (type: "ready" | "stopped") =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type === type) {
          cleanup();
          resolve();
        } else if (message.type === "error") {
          cleanup();
          reject(new Error(`embedded database failed: ${message.message}`));
        }
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
    });
  await next("ready");
  // The HTTP server keeps the process alive; the database thread alone must not.
  worker.unref();
  let stopped = false;
  return {
    socketDir,
    maxConnections,
    async stop() {
      if (stopped) return;
      stopped = true;
      const done = next("stopped");
      worker.postMessage({ type: "stop" });
      await done;
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
