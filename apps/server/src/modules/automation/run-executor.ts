import {
  type AutomationAction,
  type AutomationDefinition,
  type Clock,
  type MetadataSnapshot,
  RUN_ERRORS,
  type RunStep,
  type StepNote,
  uuidv7,
  zonedDate,
} from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import { type DirectoryService, systemAccessContext } from "../access/index.ts";
import type { Timers } from "../jobs/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService, WriteActor } from "../records/index.ts";
import { type ActionContext, runAction, TASK_OBJECT } from "./actions/index.ts";
import { noteDetail } from "./actions/step-note.ts";
import { type FieldLabel, failureOf } from "./actions/step-problem.ts";
import { AutomationVersions } from "./automation-rows.ts";
import { People } from "./people.ts";
import type { AssignmentPort, CalendarPort, MailPort, NotificationPort } from "./ports.ts";
import { loadDisplay } from "./record-display.ts";
import type { RunHead, RunRow, RunStore } from "./run-store.ts";
import type { ScriptPort } from "./script/script-runner.ts";
import type { WebhookPort } from "./webhook/index.ts";

export interface ExecutorDeps {
  database: Database;
  clock: Clock;
  timeZone: string;
  metadata: MetadataService;
  records: RecordsService;
  directory: DirectoryService;
  notifications: NotificationPort;
  mail: MailPort;
  calendar: CalendarPort;
  assignment: AssignmentPort;
  runs: RunStore;
  webhooks: WebhookPort;
  scripts: ScriptPort;
  timers: Pick<Timers, "schedule">;
}

/** The timer a waiting run sleeps on (its key is the run id). */
export const RESUME_TIMER = "automation.resume";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs an automation's actions for one run, in order, each in its own transaction together with its step in
 * the run log: an action is done exactly when its step says so, and a crash or a second worker holding the
 * same job resumes after the last finished action instead of repeating it. The first failing action fails the
 * run (logged with the error); the admin retries it from that action.
 */
export class RunExecutor {
  private readonly deps: ExecutorDeps;
  private readonly versions: AutomationVersions;

  constructor(deps: ExecutorDeps) {
    this.deps = deps;
    this.versions = new AutomationVersions(deps.database);
  }

  /**
   * Runs what is left of a run. `head` is what its job carries; without it (a resumed or retried run, a job
   * from before jobs carried it) the row is read first.
   */
  async execute(runId: string, head?: RunHead | null): Promise<void> {
    const { database, runs } = this.deps;
    const run = head ?? (await runs.get(database.db, runId));
    if (!run) return;
    const definition = await this.versions.load(run.automation_id, run.version);
    if (!definition) return runs.finish(database.db, run.id, "failed", RUN_ERRORS.versionGone);
    const snapshot = await this.deps.metadata.current();
    const actor = this.actor(run, definition.run_as, definition.labels.en);
    // The action the run is at is learnt when it is claimed, in the action's transaction; the first claim
    // takes the run (queued → running) in that same transaction.
    let expected: number | null = null;
    for (;;) {
      const started = performance.now();
      // Read before each action: an earlier one may have changed the record (a new owner, updated fields).
      let record: Record<string, unknown>;
      try {
        record = await this.readRecord(run, snapshot);
      } catch (error) {
        return runs.finish(database.db, run.id, "failed", RUN_ERRORS.recordUnreadable(message(error)));
      }
      let index: number = expected ?? 0;
      try {
        type Outcome = "taken" | "done" | "again" | "next" | "paused";
        const outcome = await database.db.transaction().execute(async (trx): Promise<Outcome> => {
          const next = await runs.claim(trx, run.id);
          if (next === null || (expected !== null && next !== expected)) return "taken";
          index = next;
          const current = definition.actions[index];
          if (!current) {
            await runs.finish(trx, run.id, "succeeded", null);
            return "done";
          }
          // A run past its first action (resumed, retried, or carried on by another worker meanwhile) reads
          // its record again once it knows which action it is at: the read above may predate that action's start.
          if (expected === null && next > 0) return "again";
          const ctx = await this.contextFor(trx, {
            snapshot,
            runId: run.id,
            actionIndex: index,
            automationId: run.automation_id,
            automation: definition,
            record,
            recordId: run.record_id,
            actor,
          });
          const result = await runAction(ctx, current);
          const last: boolean = index === definition.actions.length - 1;
          const end = result.resumeAt ? "waiting" : last ? "succeeded" : undefined;
          const done = step(index, current.kind, result.outcome, result.note, null, started);
          await runs.step(trx, run.id, done, end ? { status: end } : undefined);
          if (!result.resumeAt) return last ? "done" : "next";
          // A wait: the run sleeps on a business-clock timer, in this transaction with the step.
          await this.deps.timers.schedule(trx, {
            kind: RESUME_TIMER,
            key: run.id,
            dueAt: result.resumeAt,
            data: { runId: run.id },
          });
          return "paused";
        });
        // Another worker took this action (it carries the run on), the run waits for its timer, or it is done.
        if (outcome !== "next" && outcome !== "again") return;
        expected = outcome === "again" ? index : index + 1;
      } catch (error) {
        const kind = definition.actions[index]?.kind;
        if (!kind) return runs.finish(database.db, run.id, "failed", message(error));
        const labels = fieldLabels(snapshot, writtenObject(definition.actions[index], run.object));
        const failed = step(index, kind, "failed", null, error, started, labels);
        return runs.step(database.db, run.id, failed, { status: "failed", error: failed.error });
      }
    }
  }

  /**
   * A dry run of a definition on one record (the editor's "test with a record"): every action runs as it
   * would, in one transaction that is rolled back — nothing is saved, queued or sent — up to a wait. The record
   * is read once, before.
   */
  async dryRun(definition: AutomationDefinition, recordId: string): Promise<RunStep[]> {
    const { database } = this.deps;
    const snapshot = await this.deps.metadata.current();
    const runId = uuidv7();
    const record = await this.readRecord({ object: definition.object, record_id: recordId }, snapshot);
    const actor = this.actor({ id: runId, depth: 0 }, definition.run_as, definition.labels.en);
    const steps: RunStep[] = [];
    const rollBack = new Error("dry run");
    try {
      await database.db.transaction().execute(async (trx) => {
        for (const [index, action] of definition.actions.entries()) {
          const started = performance.now();
          const ctx = await this.contextFor(trx, {
            snapshot,
            runId,
            actionIndex: index,
            automationId: runId,
            automation: definition,
            record,
            recordId,
            actor,
          });
          try {
            const result = await runAction(ctx, action);
            steps.push(step(index, action.kind, result.outcome, result.note, null, started));
            if (result.resumeAt) break;
          } catch (error) {
            const labels = fieldLabels(snapshot, writtenObject(action, definition.object));
            steps.push(step(index, action.kind, "failed", null, error, started, labels));
            break;
          }
        }
        throw rollBack;
      });
    } catch (error) {
      if (error !== rollBack) throw error;
    }
    return steps;
  }

  private async contextFor(
    trx: Trx,
    run: Pick<
      ActionContext,
      "snapshot" | "runId" | "actionIndex" | "automationId" | "automation" | "record" | "recordId"
    > & { actor: WriteActor },
  ): Promise<ActionContext> {
    const { database } = this.deps;
    const now = this.deps.clock.now();
    const { actor, ...rest } = run;
    const people = new People(trx, database.schemas);
    const { snapshot, automation, record } = run;
    return {
      ...this.deps,
      ...rest,
      trx,
      schemas: database.schemas,
      now,
      today: zonedDate(now, this.deps.timeZone),
      display: await loadDisplay(trx, database.schemas, snapshot, automation.object, record, people),
      people,
      writes: this.deps.records.as(actor).within(trx),
    };
  }

  private async readRecord(
    run: Pick<RunRow, "object" | "record_id">,
    snapshot: MetadataSnapshot,
  ): Promise<Record<string, unknown>> {
    const access = systemAccessContext(snapshot);
    const options = { includeDeleted: true };
    return (await this.deps.records.reads.get(run.object, run.record_id, access, options)) as Record<
      string,
      unknown
    >;
  }

  private actor(
    run: Pick<RunRow, "id" | "depth">,
    runAs: { kind: string; user?: string },
    label: string,
  ): WriteActor {
    const reason = {
      source: "automation" as const,
      causation: { runId: run.id, depth: run.depth + 1 },
      description: `automation '${label}' (run ${run.id})`,
    };
    return runAs.kind === "user" && runAs.user
      ? { kind: "user", userId: runAs.user, reason }
      : { kind: "system", reason };
  }
}

function step(
  action: number,
  kind: RunStep["kind"],
  outcome: RunStep["outcome"],
  note: StepNote | null,
  failure: unknown,
  started: number,
  fields?: FieldLabel,
): RunStep {
  const detail = note ? noteDetail(note) : null;
  const ms = Math.round(performance.now() - started);
  if (outcome !== "failed") return { action, kind, outcome, detail, note, error: null, ms };
  const { error, problem } = failureOf(failure, fields);
  return { action, kind, outcome, detail, note, error, problem, ms };
}

/** The object an action writes: a new record's own object, a task's, else the automation's record. */
function writtenObject(action: AutomationAction | undefined, object: string): string {
  if (action?.kind === "create_record") return action.object;
  if (action?.kind === "create_task") return TASK_OBJECT.object;
  return object;
}

/** The written object's field labels: a refused write's problems name its fields by them. */
function fieldLabels(snapshot: MetadataSnapshot, object: string): FieldLabel {
  const fields = snapshot.objects.get(object)?.fields ?? [];
  return (name, locale) => fields.find((f) => f.apiName === name)?.labels[locale] || undefined;
}
