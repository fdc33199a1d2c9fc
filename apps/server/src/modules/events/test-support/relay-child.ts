/**
 * A Keduo server process with one slow event consumer that writes what it receives to `crash_sink`, for the
 * kill -9 test (relay-crash.test.ts). Configured by the same environment as `keduo start`.
 */
import { loadConfig } from "../../../config.ts";
import { createKeduo } from "../../../server.ts";

const config = loadConfig();
const server = await createKeduo({
  config,
  register: ({ events }) => {
    events.subscribe(
      "crash.sink",
      async (batch) => {
        // Slow enough that the kill lands in the middle of delivery.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await server.database.pool.query(
          `INSERT INTO "${server.database.schemas.system}".crash_sink (event_id, record_id, version)
           SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[])`,
          [batch.map((e) => e.id), batch.map((e) => e.recordId), batch.map((e) => e.payload.version)],
        );
      },
      { batch: 10 },
    );
  },
});
await server.app.listen({ port: config.port, host: config.host });
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
const { port } = server.app.server.address() as { port: number };
console.log(`Keduo is running at http://127.0.0.1:${port}`);
