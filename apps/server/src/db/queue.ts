import { CompiledQuery } from "kysely";
import { PgBoss } from "pg-boss";
import { type Database, jobsSchema, type Trx } from "./database.ts";

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/**
 * The durable job queue (pg-boss 12, DESIGN §3), started on first use so installs that never queue anything
 * run no queue schema or polling (ADR 0005). pg-boss gets our pool as its executor instead of a pool of its
 * own: on PGlite that is the one connection of ADR 0002, and LISTEN/NOTIFY stays off (DESIGN §3a) — workers
 * poll. A job that must commit with other writes is sent through that transaction (`send(…, trx)`).
 */
export class JobQueue {
  private readonly database: Database;
  private readonly handlers = new Map<string, JobHandler>();
  private boss: PgBoss | null = null;
  private starting: Promise<PgBoss> | null = null;
  private stopped = false;

  constructor(database: Database) {
    this.database = database;
  }

  /** Registers a queue's handler; call before the first send. */
  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  private start(): Promise<PgBoss> {
    if (this.stopped) return Promise.reject(new Error("the job queue is stopped"));
    this.starting ??= (async () => {
      const { pool, schemas } = this.database;
      const boss = new PgBoss({
        db: {
          executeSql: async (text: string, values?: unknown[]) =>
            (await pool.query(text, values as unknown[])) as unknown as { rows: unknown[] },
        },
        schema: jobsSchema(schemas),
        useListenNotify: false,
        schedule: false,
        registerInstance: false,
        monitorVacuum: false,
        reindex: false,
        persistWarnings: false,
      });
      boss.on("error", () => {
        // Polling errors (a restarting database) are retried by pg-boss itself.
      });
      await boss.start();
      for (const [name, handler] of this.handlers) {
        await boss.createQueue(name, { retryLimit: 3, retryDelay: 5, expireInSeconds: 4 * 3600 });
        await boss.work(name, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
          for (const job of jobs) await handler(job.data as Record<string, unknown>);
        });
      }
      this.boss = boss;
      return boss;
    })();
    return this.starting;
  }

  /** Starts polling now (on startup, when earlier work waits to be resumed). */
  async ensureStarted(): Promise<void> {
    await this.start();
  }

  /** Queues a job; with `trx`, the job exists only if that transaction commits. */
  async send(name: string, data: Record<string, unknown>, trx?: Trx): Promise<void> {
    // Starting runs pg-boss's own statements on the pool: inside a transaction on PGlite's one connection
    // that would wait for the transaction forever (ADR 0002), so a transactional send needs a started queue.
    if (trx && !this.boss) throw new Error("call ensureStarted() before sending a job in a transaction");
    const boss = await this.start();
    const db = trx
      ? {
          executeSql: async (text: string, values?: unknown[]) =>
            trx.executeQuery(CompiledQuery.raw(text, values ?? [])) as Promise<{ rows: unknown[] }>,
        }
      : undefined;
    await boss.send(name, data, db ? { db } : {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (!this.starting) return;
    const boss = await this.starting.catch(() => null);
    await boss?.stop({ graceful: true, timeout: 15_000 });
  }
}
