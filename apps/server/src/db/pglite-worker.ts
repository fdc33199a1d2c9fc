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
}

const input = workerData as WorkerInput;

async function main() {
  const db = await PGlite.create(input.dataDir);
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
