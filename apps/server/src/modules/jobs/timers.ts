import type { Clock } from "@keduo/core";
import { sql } from "kysely";
import type { Database, Trx } from "../../db/database.ts";
import type { JobQueue } from "./job-queue.ts";

export interface Timer {
  kind: string;
  /** Identifies the timer within its kind (e.g. a record id): scheduling it again moves it. */
  key: string;
  dueAt: Date;
  data: Record<string, unknown>;
}

export type TimerHandler = (timer: Timer) => Promise<void>;

export const TIMER_QUEUE = "keduo-timer";
const SCAN_SLICE = 1_000;

/**
 * Timers on the business clock (ADR 0018). A timer is a row due at a business-clock time; a scan every
 * `scanMs` hands every row due by the clock's reading to the job queue, in one transaction per slice (the
 * rows leave the table as their jobs are queued), and the queue runs the kind's handler with its retries and
 * dead-letter list. The clock is read by the app and bound, never `now()`, so a test that moves the clock by
 * three days fires a three-day timer at the next scan — and the queue's own delays, which follow the
 * database's wall clock, are never used for business deadlines.
 */
export class Timers {
  private readonly handlers = new Map<string, TimerHandler>();
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<unknown> | null = null;

  private readonly deps: {
    database: Database;
    clock: Clock;
    jobs: JobQueue;
    scanMs: number;
    log: (message: string, error?: unknown) => void;
  };

  constructor(deps: Timers["deps"]) {
    this.deps = deps;
    deps.jobs.register(TIMER_QUEUE, (data) => this.fire(data), { batchSize: 100, retryDelaySeconds: 5 });
  }

  /** Registers what a kind of timer does when due (before start). */
  register(kind: string, handler: TimerHandler): void {
    if (this.started)
      throw new Error(`timers.register("${kind}") after start: register before the server starts`);
    if (this.handlers.has(kind)) throw new Error(`timer kind "${kind}" is registered twice`);
    this.handlers.set(kind, handler);
  }

  /** Sets a timer in the caller's transaction; the same kind and key again replaces its time and data. */
  async schedule(trx: Trx, timer: Timer): Promise<void> {
    if (!this.handlers.has(timer.kind)) throw new Error(`timer kind "${timer.kind}" is not registered`);
    await trx
      .insertInto("timers")
      .values({
        kind: timer.kind,
        key: timer.key,
        due_at: timer.dueAt,
        data: JSON.stringify(timer.data),
        created_at: this.deps.clock.now(),
      })
      .onConflict((oc) =>
        oc
          .columns(["kind", "key"])
          .doUpdateSet((eb) => ({ due_at: eb.ref("excluded.due_at"), data: eb.ref("excluded.data") })),
      )
      .execute();
  }

  /** Removes a pending timer; false when none was pending (it fired or never existed). */
  async cancel(trx: Trx, kind: string, key: string): Promise<boolean> {
    const result = await trx
      .deleteFrom("timers")
      .where("kind", "=", kind)
      .where("key", "=", key)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Starts the periodic scan (after the job queue started). */
  start(): void {
    this.started = true;
    const loop = () => {
      this.timer = setTimeout(() => {
        this.scanning = this.runDue()
          .catch((error) => this.deps.log("timer scan failed", error))
          .finally(() => {
            this.scanning = null;
            if (this.started) loop();
          });
      }, this.deps.scanMs);
      this.timer.unref();
    };
    loop();
  }

  /** Hands every timer due by the business clock's reading to the job queue. Resolves how many. */
  async runDue(): Promise<number> {
    const { db } = this.deps.database;
    const now = this.deps.clock.now();
    let total = 0;
    for (;;) {
      // The idle cost of timers: one indexed probe per scan.
      const any = await db
        .selectFrom("timers")
        .select("id")
        .where("due_at", "<=", now)
        .limit(1)
        .executeTakeFirst();
      if (!any) return total;
      const fired = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          kind: string;
          key: string;
          due_at: Date;
          data: Record<string, unknown>;
        }>`
          DELETE FROM ${sql.id(this.deps.database.schemas.system, "timers")} WHERE id IN (
            SELECT id FROM ${sql.id(this.deps.database.schemas.system, "timers")} WHERE due_at <= ${now}
            ORDER BY due_at LIMIT ${SCAN_SLICE} FOR UPDATE SKIP LOCKED)
          RETURNING kind, key, due_at, data`.execute(trx);
        await this.deps.jobs.sendMany(
          TIMER_QUEUE,
          rows.map((row) => ({
            kind: row.kind,
            key: row.key,
            dueAt: row.due_at.toISOString(),
            data: row.data,
          })),
          trx,
        );
        return rows.length;
      });
      total += fired;
      if (fired < SCAN_SLICE) return total;
    }
  }

  private async fire(job: Record<string, unknown>): Promise<void> {
    const kind = String(job.kind);
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`no handler for timer kind "${kind}"`);
    await handler({
      kind,
      key: String(job.key),
      dueAt: new Date(String(job.dueAt)),
      data: (job.data ?? {}) as Record<string, unknown>,
    });
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    await this.scanning;
  }
}
