import { randomBytes } from "node:crypto";
import { SettableClock } from "@keduo/core";
import { sql } from "kysely";
import { loadConfig } from "../config.ts";
import { type Database, openDatabase, type QueryObserver } from "../db/database.ts";
import { type PgliteHost, startPgliteHost } from "../db/pglite-host.ts";
import { type BackgroundRegistry, createKeduo, type KeduoOptions, type KeduoServer } from "../server.ts";
import { HttpClient } from "./http-client.ts";

export type TestEngine = "pglite" | "postgres";

export const testEngine: TestEngine = process.env.KEDUO_TEST_ENGINE === "postgres" ? "postgres" : "pglite";
const postgresUrl = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

// A new PGlite costs ~0.5 GiB and 2–3 s, so every test file a worker runs shares one (vitest isolate: false).
const shared = globalThis as typeof globalThis & { __keduoPglite?: Promise<PgliteHost> };

async function openTestDatabase(schemaPrefix: string, observer: QueryObserver): Promise<Database> {
  if (testEngine === "postgres") {
    return openDatabase({ engine: "postgres", url: postgresUrl, poolSize: 10 }, schemaPrefix, observer);
  }
  shared.__keduoPglite ??= startPgliteHost("memory://", 10);
  const host = await shared.__keduoPglite;
  return openDatabase({ engine: "pglite-socket", socketDir: host.socketDir }, schemaPrefix, observer);
}

export const TEST_ADMIN = { email: "admin@keduo.test", password: "correct horse battery" };

export interface TestApp {
  server: KeduoServer;
  url: string;
  clock: SettableClock;
  database: Database;
  /** Logged in as the seeded admin through a real session cookie. */
  admin: HttpClient;
  anonymous: HttpClient;
  login(email: string, password: string): Promise<HttpClient>;
  /** Every SQL text the server sent, in order; tests clear it and inspect what a request ran. */
  queries: string[];
  schemaPrefix: string;
  close(): Promise<void>;
}

/** Starts a real server on a random port over a fresh pair of schemas on the engine under test. */
export async function startTestApp(
  options: {
    now?: Date;
    env?: Record<string, string>;
    /** Another instance on the same schemas. */
    sameDatabaseAs?: TestApp;
    /** Stored formula backfills (server.ts): batch size, and `manual` to step through a fill. */
    backfill?: KeduoOptions["backfill"];
    /** Event consumers, jobs and timers the test registers before the server starts them. */
    register?: (registry: BackgroundRegistry) => void;
    /** How webhook deliveries resolve names (a test points a name at 127.0.0.1). */
    webhookResolver?: KeduoOptions["webhookResolver"];
    /** The index advisor's thresholds; its rounds run only when the test calls `server.advisor.runOnce()`. */
    advisor?: KeduoOptions["advisor"];
  } = {},
): Promise<TestApp> {
  const owner = !options.sameDatabaseAs;
  const schemaPrefix = options.sameDatabaseAs?.schemaPrefix ?? `t${randomBytes(4).toString("hex")}_`;
  const queries: string[] = [];
  const database = await openTestDatabase(schemaPrefix, (text) => queries.push(text));
  const clock = new SettableClock(options.now ?? new Date("2026-03-15T02:00:00Z"));
  const config = loadConfig({
    KEDUO_ADMIN_EMAIL: TEST_ADMIN.email,
    KEDUO_ADMIN_PASSWORD: TEST_ADMIN.password,
    KEDUO_SCHEMA_PREFIX: schemaPrefix,
    KEDUO_LOGIN_RATE_LIMIT: "1000",
    ...options.env,
  });
  const server = await createKeduo({
    config,
    clock,
    database,
    backfill: options.backfill,
    automationScans: false,
    advisor: { ...options.advisor, background: false },
    ...(options.register ? { register: options.register } : {}),
    ...(options.webhookResolver ? { webhookResolver: options.webhookResolver } : {}),
  });
  await server.app.listen({ port: 0, host: "127.0.0.1" });
  const address = server.app.server.address();
  const url = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
  const anonymous = new HttpClient(url);
  const login = async (email: string, password: string) => {
    const client = new HttpClient(url);
    await client.login(email, password);
    return client;
  };
  const admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  return {
    server,
    url,
    clock,
    database,
    admin,
    anonymous,
    login,
    queries,
    schemaPrefix,
    async close() {
      await server.close();
      if (!owner) return database.close();
      await sql`DROP SCHEMA IF EXISTS ${sql.id(database.schemas.workspace)} CASCADE`.execute(database.db);
      await sql`DROP SCHEMA IF EXISTS ${sql.id(database.schemas.system)} CASCADE`.execute(database.db);
      // The job queue's schema (db/queue.ts), created when a test used imports.
      await sql`DROP SCHEMA IF EXISTS ${sql.id(`${database.schemas.system}_jobs`)} CASCADE`.execute(
        database.db,
      );
      await database.close();
    },
  };
}
