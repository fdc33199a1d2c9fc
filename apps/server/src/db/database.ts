import { join, resolve } from "node:path";
import { Kysely, type LogEvent, PostgresDialect, type Transaction, WithSchemaPlugin } from "kysely";
import pg from "pg";
import { acquireDataDirLock } from "./data-dir-lock.ts";
import { recoverDataDir } from "./data-dir-recovery.ts";
import { deferringBegin } from "./deferred-begin.ts";
import { startPgliteHost } from "./pglite-host.ts";
import { removeAbandonedSocketDirs } from "./pglite-socket-dirs.ts";
import type { SystemTables } from "./system-tables.ts";

// numeric stays a string (exact decimals); dates stay "YYYY-MM-DD" (no time-zone shift); counts become numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Engine = "pglite" | "postgres";
export type Db = Kysely<SystemTables>;
/** The transaction every writing function takes as a required parameter. */
export type Trx = Transaction<SystemTables>;

export interface Schemas {
  /** Keduo's own tables (metadata, users, outbox …). */
  system: string;
  /** Object tables of the workspace, one table per object. */
  workspace: string;
}

export interface Database {
  engine: Engine;
  /** Unqualified table names resolve to the system schema; object tables are always schema-qualified. */
  db: Db;
  pool: pg.Pool;
  schemas: Schemas;
  /** The PGlite data directory this process opened (and locked); absent for PostgreSQL and shared hosts. */
  dataDir?: string;
  /** What opening cleaned up after killed processes (ADR 0016), one line each, for the log. */
  recovered: string[];
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { engine: "postgres"; url: string; poolSize?: number }
  | { engine: "pglite"; dataDir: string }
  /** An already running embedded database shared by several apps (tests share one per worker). */
  | { engine: "pglite-socket"; socketDir: string };

/**
 * PGlite is one PostgreSQL session. pglite-socket queues *protocol messages*, not statements, so two client
 * connections sending extended-protocol queries at once interleave Parse/Bind/Execute on that one session and
 * corrupt each other (measured: 20 concurrent PATCHes hang or fail). One connection makes pg's own queue
 * serialise statements, which costs nothing because PGlite runs one statement at a time anyway. See ADR 0002.
 */
const PGLITE_POOL_SIZE = 1;

export function schemasFor(prefix: string): Schemas {
  return { system: `${prefix}keduo`, workspace: `${prefix}ws_main` };
}

/** The job queue's schema (db/queue.ts); it exists once a job was sent. */
export function jobsSchema(schemas: Schemas): string {
  return `${schemas.system}_jobs`;
}

/** Every schema that makes up an installation: what a backup holds and a restore replaces. */
export function installationSchemas(schemas: Schemas): string[] {
  return [schemas.system, schemas.workspace, jobsSchema(schemas)];
}

/**
 * Keduo's query builder over a pool: unqualified tables are system tables, and transactions send their
 * `begin` with their first statement (deferred-begin.ts). Benchmarks build theirs here too, to measure the
 * same round trips.
 */
export function kyselyOver(pool: pg.Pool, schemas: Schemas, log?: (event: LogEvent) => void): Db {
  return new Kysely<SystemTables>({
    dialect: new PostgresDialect({ pool: deferringBegin(pool) }),
    plugins: [new WithSchemaPlugin(schemas.system)],
    ...(log ? { log } : {}),
  });
}

/** Sees the text of every statement Keduo sends (values are never in it: they are bound). */
export type QueryObserver = (sqlText: string) => void;

export async function openDatabase(
  target: DatabaseTarget,
  schemaPrefix = "",
  observer?: QueryObserver,
): Promise<Database> {
  const schemas = schemasFor(schemaPrefix);
  const cleanups: Array<() => Promise<void> | void> = [];
  let pool: pg.Pool;
  let engine: Engine;
  let dataDir: string | undefined;
  const recovered: string[] = [];
  if (target.engine === "postgres") {
    engine = "postgres";
    pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
  } else if (target.engine === "pglite-socket") {
    engine = "pglite";
    pool = new pg.Pool({
      host: target.socketDir,
      database: "postgres",
      user: "postgres",
      max: PGLITE_POOL_SIZE,
    });
  } else {
    engine = "pglite";
    dataDir = resolve(target.dataDir);
    const lock = acquireDataDirLock(dataDir);
    cleanups.push(() => lock.release());
    try {
      // Under the lock, before `pg` is opened: a missing `pg` would otherwise become a fresh database.
      recovered.push(...(await recoverDataDir(dataDir)));
      const sockets = removeAbandonedSocketDirs();
      if (sockets.length) {
        recovered.push(
          `Removed ${sockets.length} socket director${sockets.length === 1 ? "y" : "ies"} of embedded databases whose process is gone: ${sockets.join(", ")}.`,
        );
      }
      const host = await startPgliteHost(join(dataDir, "pg"));
      cleanups.unshift(() => host.stop());
      pool = new pg.Pool({
        host: host.socketDir,
        database: "postgres",
        user: "postgres",
        max: PGLITE_POOL_SIZE,
      });
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  pool.on("error", () => {
    // An idle client lost its connection (server restart); the pool replaces it on next use.
  });
  const db = kyselyOver(pool, schemas, observer ? (event) => observer(event.query.sql) : undefined);
  return {
    engine,
    db,
    pool,
    schemas,
    ...(dataDir ? { dataDir } : {}),
    recovered,
    async close() {
      await db.destroy();
      for (const cleanup of cleanups) await cleanup();
    },
  };
}
