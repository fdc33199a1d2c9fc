import { uuidv7 } from "@keduo/core";
import { type BenchServer, type CapturedQuery, describeStatements } from "../lib/server.ts";
import { type LatencyStats, summarize } from "../lib/stats.ts";

/**
 * The database's share of a bulk create: the INSERT statements one API call sent, replayed on a plain pg
 * client inside BEGIN … COMMIT with fresh record ids, `rounds` times. What is left of the API's time per
 * call is the server's own work (HTTP, decoding, validation, encoding, hooks).
 */
export async function replayBulkWrites(
  server: BenchServer,
  post: () => Promise<void>,
  rounds: number,
): Promise<{ floor: LatencyStats; statements: string }> {
  const captured = await server.capture.during(post);
  // The relay's own statements (its lease and position on event_consumers) run beside the call, not in it.
  const writes = captured.filter(
    (q) => /^(INSERT|WITH)\b/.test(q.sql.trim()) && !q.sql.includes('"event_consumers"'),
  );
  const ids = recordIds(writes);
  const pattern = new RegExp(ids.join("|"), "g");
  const client = await server.database.pool.connect();
  const samples: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const fresh = new Map(ids.map((id) => [id, uuidv7()]));
      const renew = (value: unknown) =>
        typeof value === "string" && value.length > 1000
          ? value.replace(pattern, (id) => fresh.get(id)!)
          : value;
      const statements = writes.map((q) => ({ sql: q.sql, parameters: q.parameters.map(renew) }));
      const started = performance.now();
      await client.query("BEGIN");
      for (const statement of statements)
        await client.query(statement.sql, statement.parameters as unknown[]);
      await client.query("COMMIT");
      samples.push(performance.now() - started);
    }
  } finally {
    client.release();
  }
  return { floor: summarize(samples), statements: describeStatements(captured) };
}

/** The ids of the records the first INSERT created (its last parameter is the rows' JSON document). */
function recordIds(writes: CapturedQuery[]): string[] {
  const document = writes[0]?.parameters.at(-1);
  if (typeof document !== "string") throw new Error("the bulk call sent no JSON document of rows");
  return (JSON.parse(document) as Array<{ id: string }>).map((row) => row.id);
}
