import { CompiledQuery } from "kysely";
import { PgBoss } from "pg-boss";
import { type Database, jobsSchema, type Trx } from "../../db/database.ts";

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export interface QueueOptions {
  /** Retries after the first failure (default 3); then the job goes to the dead-letter list. */
  retryLimit?: number;
  /** First retry delay in seconds (default 5); it doubles with every retry (backoff). */
  retryDelaySeconds?: number;
  /** Longest a job may run before it counts as failed (default 15 minutes). */
  expireInSeconds?: number;
  /** Jobs fetched per poll (default 1); a full batch fetches again at once. */
  batchSize?: number;
  /**
   * Workers of this queue in each instance (default 1), each fetching and running its own batches, so jobs
   * that wait on the database or an SMTP server overlap (what pg-boss's `localConcurrency` does, as separate
   * workers so a send can wake an idle one). Always 1 on PGlite, whose one connection serves everything.
   */
  concurrency?: number;
  /**
   * At most one job queued or running per `singletonKey` (pg-boss's `exclusive` policy): a second send with
   * the same key is dropped until the first has finished. Sending a key to another queue is an error.
   */
  singleton?: boolean;
}

export interface SendOptions {
  /** Not before this time (wall clock; business-clock deadlines are timers, see timers.ts). */
  startAfter?: Date;
  /** At most one queued or running job with this key (only on queues registered with `singleton`). */
  singletonKey?: string;
  /** The job exists only if this transaction commits. */
  trx?: Trx;
}

export interface DeadLetter {
  id: string;
  queue: string;
  data: unknown;
  error: unknown;
  retries: number;
  failed_at: string | null;
}

export interface QueueSettings {
  /** Idle wait between polls of each queue, in seconds (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds: number;
  /**
   * A running job's worker confirms it holds the job every half of this (pg-boss heartbeats, at least 10 s);
   * a job unconfirmed for longer — its instance was killed — is retried like a failure instead of waiting
   * for its expiry.
   */
  heartbeatSeconds: number;
  /** How often lost heartbeats and expired jobs are looked for, in seconds. */
  superviseSeconds: number;
}

const DEAD_LETTER_QUEUE = "keduo-dead-letter";

/**
 * After a job is sent, this instance's worker of its queue polls this much later instead of at its next idle
 * poll: a job sent inside a short transaction is committed by then. One whose transaction has not committed
 * yet waits for the next poll, as it would anyway.
 */
const WAKE_AFTER_MS = 20;

/**
 * The server's one job queue (ADR 0018): pg-boss 12 on our own pool — on PGlite the one connection of ADR
 * 0002 — with LISTEN/NOTIFY off (DESIGN §3a), so workers poll. The composition root owns it: modules
 * register their queues and schedules before `start()`, and `stop()` waits for running jobs. Failed jobs are
 * retried with backoff, then moved to one dead-letter queue that the admin API lists.
 */
export class JobQueue {
  private readonly handlers = new Map<string, { handler: JobHandler; options: QueueOptions }>();
  private readonly schedules: Array<{ name: string; cron: string; timeZone: string }> = [];
  private boss: PgBoss | null = null;
  /** Each queue's workers in this instance, and whether each is running a batch now. */
  private readonly workers = new Map<string, Array<{ id: string; busy: boolean }>>();
  private state: "new" | "started" | "stopped" = "new";

  private readonly database: Database;
  private readonly settings: QueueSettings;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(database: Database, settings: QueueSettings, log: (message: string, error?: unknown) => void) {
    this.database = database;
    this.settings = settings;
    this.log = log;
  }

  private assertNotStarted(what: string) {
    if (this.state !== "new") throw new Error(`${what} after the job queue started: register before start`);
  }

  /** Registers a queue's handler (before start). */
  register(name: string, handler: JobHandler, options: QueueOptions = {}): void {
    this.assertNotStarted(`jobs.register("${name}")`);
    if (this.handlers.has(name)) throw new Error(`job queue "${name}" is registered twice`);
    this.handlers.set(name, { handler, options });
  }

  /** Sends a job to a registered queue on a cron schedule (`0 * * * *`), in the organisation's time zone. */
  schedule(name: string, cron: string, timeZone: string): void {
    this.assertNotStarted(`jobs.schedule("${name}")`);
    this.schedules.push({ name, cron, timeZone });
  }

  get started(): boolean {
    return this.state === "started";
  }

  async start(): Promise<void> {
    this.assertNotStarted("jobs.start()");
    this.state = "started";
    const { pool, schemas } = this.database;
    const boss = new PgBoss({
      db: {
        executeSql: async (text: string, values?: unknown[]) =>
          (await pool.query(text, values as unknown[])) as unknown as { rows: unknown[] },
      },
      schema: jobsSchema(schemas),
      useListenNotify: false,
      schedule: this.schedules.length > 0,
      registerInstance: false,
      monitorVacuum: false,
      reindex: false,
      persistWarnings: false,
      superviseIntervalSeconds: this.settings.superviseSeconds,
      monitorIntervalSeconds: this.settings.superviseSeconds,
    });
    boss.on("error", (error) => this.log("job queue error", error));
    await boss.start();
    await boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: 14 * 86_400 });
    for (const [name, { options }] of this.handlers)
      await boss.createQueue(name, {
        ...(options.singleton ? { policy: "exclusive" as const } : {}),
        retryLimit: options.retryLimit ?? 3,
        retryDelay: options.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds ?? 15 * 60,
        heartbeatSeconds: this.settings.heartbeatSeconds,
        deadLetter: DEAD_LETTER_QUEUE,
      });
    // Every queue exists and sends work before the first worker runs: after a restart, jobs left queued
    // start at once, and theirs send further jobs (a run queues its emails).
    this.boss = boss;
    for (const [name, { handler, options }] of this.handlers) {
      const batchSize = options.batchSize ?? 1;
      const workers: Array<{ id: string; busy: boolean }> = [];
      // Several workers of a queue are several work() calls, so a send can wake one that is idle.
      const count = this.database.engine === "pglite" ? 1 : (options.concurrency ?? 1);
      for (let i = 0; i < count; i++) {
        const worker = { id: "", busy: false };
        worker.id = await boss.work(
          name,
          {
            pollingIntervalSeconds: this.settings.pollingIntervalSeconds,
            batchSize,
            burstWhenBatchFull: batchSize > 1,
          },
          async (jobs) => {
            worker.busy = true;
            // Each job succeeds or fails on its own: failing the fetched attempt retries just that job, and
            // pg-boss's completion of the batch then leaves it alone (it settles only the attempt it fetched).
            try {
              for (const job of jobs) {
                try {
                  await handler(job.data as Record<string, unknown>);
                } catch (error) {
                  this.log(`job ${name} ${job.id} failed`, error);
                  await boss.fail(name, { id: job.id, retryCount: job.retryCount }, describeError(error));
                }
              }
            } finally {
              worker.busy = false;
            }
          },
        );
        workers.push(worker);
      }
      this.workers.set(name, workers);
    }
    for (const { name, cron, timeZone } of this.schedules)
      await boss.schedule(name, cron, null, { tz: timeZone });
  }

  private startedBoss(): PgBoss {
    if (!this.boss) throw new Error("the job queue is not running: send jobs after start");
    return this.boss;
  }

  private static executor(trx: Trx) {
    return {
      executeSql: async (text: string, values?: unknown[]) =>
        trx.executeQuery(CompiledQuery.raw(text, values ?? [])) as Promise<{ rows: unknown[] }>,
    };
  }

  /**
   * Queues a job; with `trx`, it exists only if that transaction commits. False when a singleton queue
   * already holds a job with the same key (nothing was queued).
   */
  async send(name: string, data: Record<string, unknown>, options: SendOptions = {}): Promise<boolean> {
    const boss = this.startedBoss();
    if (options.singletonKey && !this.handlers.get(name)?.options.singleton)
      throw new Error(`job queue "${name}" is not a singleton queue: register it with { singleton: true }`);
    const id = await boss.send(name, data, {
      ...(options.trx ? { db: JobQueue.executor(options.trx) } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
    this.wake(name);
    return id !== null;
  }

  /** Lets an idle worker of `name` in this instance fetch soon after a send rather than at its next poll. */
  private wake(name: string): void {
    const workers = this.workers.get(name);
    if (!workers) return;
    setTimeout(() => {
      // A busy worker fetches again as soon as its batch is done anyway.
      const idle = workers.find((worker) => !worker.busy);
      if (idle) this.boss?.notifyWorker(idle.id);
    }, WAKE_AFTER_MS).unref();
  }

  /** Queues many jobs in one statement, in the caller's transaction. */
  async sendMany(name: string, jobs: Array<Record<string, unknown>>, trx: Trx): Promise<void> {
    if (jobs.length === 0) return;
    await this.startedBoss().insert(
      name,
      jobs.map((data) => ({ data })),
      { db: JobQueue.executor(trx) },
    );
    this.wake(name);
  }

  /** Jobs that failed every retry, oldest first. */
  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const jobs = await this.startedBoss().findJobs<Record<string, unknown>>(DEAD_LETTER_QUEUE, { limit });
    return jobs.map((job) => ({
      id: job.id,
      queue: job.sourceName ?? "",
      data: job.data,
      error: job.sourceOutput ?? null,
      retries: job.sourceRetryCount ?? 0,
      failed_at: job.createdOn ? new Date(job.createdOn).toISOString() : null,
    }));
  }

  /** Stops polling and waits (up to 15 s) for running jobs to finish. */
  async stop(): Promise<void> {
    const boss = this.boss;
    this.state = "stopped";
    this.boss = null;
    await boss?.stop({ graceful: true, timeout: 15_000 });
  }
}

function describeError(error: unknown) {
  return error instanceof Error
    ? { name: error.name, message: error.message.slice(0, 2000) }
    : { message: String(error).slice(0, 2000) };
}
