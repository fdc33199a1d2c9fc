import type { AutomationRun, RunStatus, RunStep, Translatable } from "@keduo/core";
import { uuidv7 } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import type { JobQueue } from "../jobs/index.ts";

export const RUN_QUEUE = "keduo-automation-run";

/** A run about to be recorded: queued for the executor, or skipped with the reason in `error`. */
export interface NewRun {
  automationId: string;
  version: number;
  object: string;
  recordId: string;
  trigger: string;
  depth: number;
  status: Extract<RunStatus, "queued" | "skipped">;
  error?: string;
}

export interface RunRow {
  id: string;
  automation_id: string;
  version: number;
  object: string;
  record_id: string;
  trigger: string;
  status: RunStatus;
  next_action: number;
  steps: RunStep[];
  error: string | null;
  depth: number;
  created_at: Date;
  finished_at: Date | null;
}

/** What the executor needs to know of a run before taking it; a run's job carries it (the row never changes it). */
export type RunHead = Pick<RunRow, "id" | "automation_id" | "version" | "object" | "record_id" | "depth">;

/** A run job's data: the run, and its head so the executor need not read the row first. */
export const runJob = (head: RunHead): Record<string, unknown> => ({
  runId: head.id,
  head: {
    id: head.id,
    automation_id: head.automation_id,
    version: head.version,
    object: head.object,
    record_id: head.record_id,
    depth: head.depth,
  },
});

/** The head a run job carries, or null for a job that names only the run (resumed, retried, queued before). */
export function headOf(data: Record<string, unknown>): RunHead | null {
  const head = data.head as Partial<RunHead> | undefined;
  return head &&
    head.id === data.runId &&
    typeof head.automation_id === "string" &&
    typeof head.version === "number" &&
    typeof head.object === "string" &&
    typeof head.record_id === "string" &&
    typeof head.depth === "number"
    ? (head as RunHead)
    : null;
}

const runs = (schemas: Schemas) => sql.id(schemas.system, "automation_runs");

/**
 * The run log, which is also what the executor works from: a run row is written in the transaction that
 * caused it (the record write, the timer scan), together with its job, so a run exists exactly when its cause
 * committed, and the job names the row (with the parts of it that never change, to skip reading it).
 */
export class RunStore {
  private readonly deps: { schemas: Schemas; jobs: JobQueue; now: () => Date };

  constructor(deps: RunStore["deps"]) {
    this.deps = deps;
  }

  /** Records runs and queues the queued ones, in the caller's transaction; resolves their ids in order. */
  async enqueue(trx: Trx, items: readonly NewRun[]): Promise<string[]> {
    if (items.length === 0) return [];
    const now = this.deps.now();
    const rows = items.map((run) => ({
      id: uuidv7(),
      automation_id: run.automationId,
      version: run.version,
      object: run.object,
      record_id: run.recordId,
      trigger: run.trigger,
      status: run.status,
      error: run.error ?? null,
      depth: run.depth,
    }));
    await sql`INSERT INTO ${runs(this.deps.schemas)}
        (id, automation_id, version, object, record_id, trigger, status, error, depth, created_at, finished_at)
      SELECT r.id, r.automation_id, r.version, r.object, r.record_id, r.trigger, r.status, r.error, r.depth,
        ${now}::timestamptz, CASE WHEN r.status = 'skipped' THEN ${now}::timestamptz END
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id uuid, automation_id uuid, version int,
        object text, record_id uuid, trigger text, status text, error text, depth int)`.execute(trx);
    const queued = rows.filter((row) => row.status === "queued");
    if (queued.length)
      await this.deps.jobs.sendMany(
        RUN_QUEUE,
        queued.map((row) => runJob(row)),
        trx,
      );
    return rows.map((row) => row.id);
  }

  async get(db: Db | Trx, id: string): Promise<RunRow | null> {
    const { rows } = await sql<RunRow>`SELECT * FROM ${runs(this.deps.schemas)} WHERE id = ${id}`.execute(db);
    return rows[0] ?? null;
  }

  /**
   * Takes a run for its next action, in that action's transaction: marks it running and locks it, so two
   * workers holding the same run (a redelivered job, a crash resumed) wait on each other here and the second
   * finds the action done. The index of the action to do; null when the run is not to run (done, waiting).
   */
  async claim(trx: Trx, id: string): Promise<number | null> {
    const { rows } = await sql<{ next_action: number }>`UPDATE ${runs(this.deps.schemas)}
      SET status = 'running' WHERE id = ${id} AND status IN ('queued', 'running')
      RETURNING next_action`.execute(trx);
    return rows[0]?.next_action ?? null;
  }

  /**
   * One action done (or failed), in the transaction of what it did: a crash repeats no finished action. `end`
   * settles the run in the same statement: succeeded after its last action, failed, or waiting for a timer.
   */
  async step(
    trx: Db | Trx,
    id: string,
    step: RunStep,
    end?: { status: "succeeded" | "failed" | "waiting"; error?: string | null },
  ): Promise<void> {
    // A failed action stays the next one: a retry starts there.
    const next = step.outcome === "failed" ? step.action : step.action + 1;
    const settle = end
      ? sql`, status = ${end.status}, error = ${end.error ?? null},
          finished_at = ${end.status === "waiting" ? null : this.deps.now()}::timestamptz`
      : sql``;
    await sql`UPDATE ${runs(this.deps.schemas)} SET next_action = ${next},
        steps = steps || ${JSON.stringify([step])}::jsonb ${settle} WHERE id = ${id}`.execute(trx);
  }

  /** Settles a run that is still to run (a second worker's copy of a finished run is left alone). */
  async finish(
    db: Db | Trx,
    id: string,
    status: "succeeded" | "failed",
    error: string | null,
  ): Promise<void> {
    await sql`UPDATE ${runs(this.deps.schemas)} SET status = ${status}, error = ${error},
        finished_at = ${this.deps.now()} WHERE id = ${id} AND status IN ('queued', 'running')`.execute(db);
  }

  /** A waiting run whose timer fired, queued to go on with its next action. */
  async resume(trx: Trx, id: string): Promise<void> {
    const { rows } = await sql<{ id: string }>`UPDATE ${runs(this.deps.schemas)} SET status = 'queued'
      WHERE id = ${id} AND status = 'waiting' RETURNING id`.execute(trx);
    if (rows.length) await this.deps.jobs.sendMany(RUN_QUEUE, [{ runId: id }], trx);
  }

  /** Queues a failed run again from the action that failed (its finished actions are not repeated). */
  async retry(trx: Trx, id: string): Promise<void> {
    await sql`UPDATE ${runs(this.deps.schemas)} SET status = 'queued', error = NULL, finished_at = NULL,
        steps = (SELECT coalesce(jsonb_agg(s), '[]') FROM jsonb_array_elements(steps) s
                 WHERE s->>'outcome' <> 'failed')
      WHERE id = ${id}`.execute(trx);
    await this.deps.jobs.sendMany(RUN_QUEUE, [{ runId: id }], trx);
  }

  /** The run log, newest first, of an automation or of a record; `before` is the last page's last run id. */
  async list(
    db: Db,
    where: { automationId?: string; object?: string; recordId?: string },
    page: { before?: string; limit: number },
  ): Promise<AutomationRun[]> {
    const { rows } = await sql<RunRow & { automation: string; automation_labels: Translatable | null }>`
      SELECT r.*, a.api_name AS automation, a.definition->'labels' AS automation_labels FROM ${runs(this.deps.schemas)} r
      LEFT JOIN ${sql.id(this.deps.schemas.system, "automations")} a ON a.id = r.automation_id
      WHERE (${where.automationId ?? null}::uuid IS NULL OR r.automation_id = ${where.automationId ?? null})
        AND (${where.object ?? null}::text IS NULL OR r.object = ${where.object ?? null})
        AND (${where.recordId ?? null}::uuid IS NULL OR r.record_id = ${where.recordId ?? null})
        AND (${page.before ?? null}::uuid IS NULL OR r.id < ${page.before ?? null})
      ORDER BY r.id DESC LIMIT ${page.limit}`.execute(db);
    return rows.map((row) => ({
      id: row.id,
      automation_id: row.automation_id,
      automation: row.automation ?? "",
      automation_labels: row.automation_labels ?? null,
      version: row.version,
      object: row.object,
      record_id: row.record_id,
      trigger: row.trigger,
      status: row.status,
      steps: row.steps,
      error: row.error,
      depth: row.depth,
      created_at: row.created_at.toISOString(),
      finished_at: row.finished_at?.toISOString() ?? null,
    }));
  }
}
