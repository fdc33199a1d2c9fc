import { loadConfig } from "../../../apps/server/src/config.ts";
import { type Database, kyselyOver, openDatabase } from "../../../apps/server/src/db/database.ts";
import {
  type BackgroundRegistry,
  createKeduo,
  type KeduoOptions,
  type KeduoServer,
} from "../../../apps/server/src/server.ts";
import { ApiClient, createApiToken } from "./api-client.ts";

/** The first admin of every benchmark database (templates are built with it, clones inherit it). */
export const benchAdmin = {
  email: process.env.KEDUO_ADMIN_EMAIL || "bench@keduo.local",
  password: process.env.KEDUO_ADMIN_PASSWORD || "bench-password-2026",
};

export type BenchTarget = { engine: "postgres"; url: string } | { engine: "pglite"; dataDir: string };

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
  /** As measured by Kysely around the driver call. */
  ms: number;
}

/** Records the SQL the server sends while switched on: "the same SQL" a request ran, to replay or EXPLAIN. */
export class QueryCapture {
  private active = false;
  private queries: CapturedQuery[] = [];

  record(query: CapturedQuery): void {
    if (this.active) this.queries.push(query);
  }

  /** The queries run while `work` ran (the server is otherwise idle: requests are sequential). */
  async during(work: () => Promise<void>): Promise<CapturedQuery[]> {
    this.queries = [];
    this.active = true;
    try {
      await work();
    } finally {
      this.active = false;
    }
    return this.queries;
  }
}

/** One line per statement, with its time as the driver saw it: where a request's database share goes. */
export function describeStatements(queries: CapturedQuery[]): string {
  return queries
    .map((q) => `${q.ms.toFixed(2).padStart(7)} ms  ${q.sql.replace(/\s+/g, " ").slice(0, 110)}`)
    .join("\n");
}

export interface BenchServer {
  url: string;
  keduo: KeduoServer;
  database: Database;
  /** Authenticated as the first admin with an API token (`Authorization: Bearer`). */
  api: ApiClient;
  capture: QueryCapture;
  close(): Promise<void>;
}

/**
 * The database as `createKeduo` would open it, with a Kysely over the same pool that also reports each query
 * to `capture` (one boolean test per query when capture is off).
 */
async function openCapturingDatabase(target: BenchTarget, capture: QueryCapture): Promise<Database> {
  const base = await openDatabase(
    target.engine === "postgres"
      ? { engine: "postgres", url: target.url }
      : { engine: "pglite", dataDir: target.dataDir },
  );
  const db = kyselyOver(base.pool, base.schemas, (event) => {
    if (event.level === "query")
      capture.record({
        sql: event.query.sql,
        parameters: event.query.parameters,
        ms: event.queryDurationMillis,
      });
  });
  return {
    ...base,
    db,
    async close() {
      // The opened database's own Kysely was never used, so destroying it would not end the pool: ours does.
      await db.destroy();
      await base.close();
    },
  };
}

let subscribeSink = true;

/** `--no-consumer`: bench servers subscribe no consumer unless the caller registers one. */
export function withoutEventConsumer(): void {
  subscribeSink = false;
}

/**
 * Starts Keduo in this process on a random local port and signs in as the first admin. Unless the caller
 * registers its own, one event consumer that does nothing is subscribed: an installation runs its engines'
 * consumers, so the relay numbers and delivers every event the benchmark's writes produce.
 */
export async function startBenchServer(
  target: BenchTarget,
  options: {
    backfill?: KeduoOptions["backfill"];
    register?: (registry: BackgroundRegistry) => void;
    /** More server settings (SMTP_URL, …) on top of the bench's own. */
    env?: Record<string, string>;
    /** Timed automations scanned every minute (default true); off when the benchmark scans them itself. */
    automationScans?: boolean;
  } = {},
): Promise<BenchServer> {
  const register =
    options.register ??
    ((registry: BackgroundRegistry) => {
      if (subscribeSink) registry.events.subscribe("bench.sink", async () => {});
    });
  const config = loadConfig({
    ...(target.engine === "postgres" ? { DATABASE_URL: target.url } : { KEDUO_DATA_DIR: target.dataDir }),
    KEDUO_ADMIN_EMAIL: benchAdmin.email,
    KEDUO_ADMIN_PASSWORD: benchAdmin.password,
    KEDUO_LOGIN_RATE_LIMIT: "1000",
    ...options.env,
  });
  const capture = new QueryCapture();
  const database = await openCapturingDatabase(target, capture);
  let keduo: KeduoServer;
  try {
    keduo = await createKeduo({
      config,
      database,
      backfill: options.backfill,
      register,
      automationScans: options.automationScans,
    });
    await keduo.app.listen({ port: 0, host: "127.0.0.1" });
  } catch (error) {
    await database.close();
    throw error;
  }
  const address = keduo.app.server.address();
  const url = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
  const close = async () => {
    await keduo.close();
    await database.close();
  };
  try {
    const token = await createApiToken(url, benchAdmin.email, benchAdmin.password);
    return { url, keduo, database, api: new ApiClient(url, token), capture, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The bench admin's user id, which owns generated rows (one query on any pg client of the database). */
export async function benchAdminId(
  client: { query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }> },
  systemSchema: string,
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM "${systemSchema}".users WHERE email = $1`,
    [benchAdmin.email],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error(`no user ${benchAdmin.email} in the bench database`);
  return id;
}
