import {
  type AutomationDefinition,
  type Clock,
  type MetadataSnapshot,
  type RunStep,
  uuidv7,
  zonedDate,
} from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import { type DirectoryService, systemAccessContext } from "../access/index.ts";
import type { Timers } from "../jobs/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService, WriteActor } from "../records/index.ts";
import { type ActionContext, runAction } from "./actions/index.ts";
import { loadAutomationVersion } from "./automation-rows.ts";
import type { AssignmentPort, CalendarPort, MailPort, NotificationPort } from "./ports.ts";
import { loadDisplay } from "./record-display.ts";
import type { RunRow, RunStore } from "./run-store.ts";
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

  constructor(deps: ExecutorDeps) {
    this.deps = deps;
  }

  async execute(runId: string): Promise<void> {
    const { database, runs } = this.deps;
    const run = await runs.start(database.db, runId);
    if (!run) return;
    const definition = await loadAutomationVersion(
      database.db,
      database.schemas,
      run.automation_id,
      run.version,
    );
    if (!definition) return runs.finish(database.db, run.id, "failed", "the automation version is gone");
    const snapshot = await this.deps.metadata.current();
    const actor = this.actor(run, definition.run_as, definition.labels.en);
    for (let index = run.next_action; index < definition.actions.length; index++) {
      const action = definition.actions[index];
      if (!action) break;
      const started = performance.now();
      // Read before each action: an earlier one may have changed the record (a new owner, updated fields).
      let record: Record<string, unknown>;
      try {
        record = await this.readRecord(run, snapshot);
      } catch (error) {
        return runs.finish(database.db, run.id, "failed", `record unreadable: ${message(error)}`);
      }
      try {
        const done = await database.db.transaction().execute(async (trx) => {
          if (!(await runs.claimAction(trx, run.id, index))) return "taken";
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
          const result = await runAction(ctx, action);
          await runs.step(
            trx,
            run.id,
            step(index, action.kind, result.outcome, result.detail, null, started),
          );
          if (!result.resumeAt) return "next";
          // A wait: the run sleeps on a business-clock timer, in this transaction with the step.
          await runs.pause(trx, run.id);
          await this.deps.timers.schedule(trx, {
            kind: RESUME_TIMER,
            key: run.id,
            dueAt: result.resumeAt,
            data: { runId: run.id },
          });
          return "paused";
        });
        // Another worker took this action (it carries the run on), or the run waits for its timer.
        if (done !== "next") return;
      } catch (error) {
        await runs.step(
          database.db,
          run.id,
          step(index, action.kind, "failed", null, message(error), started),
        );
        return runs.finish(database.db, run.id, "failed", message(error));
      }
    }
    await runs.finish(database.db, run.id, "succeeded", null);
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
            steps.push(step(index, action.kind, result.outcome, result.detail, null, started));
            if (result.resumeAt) break;
          } catch (error) {
            steps.push(step(index, action.kind, "failed", null, message(error), started));
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
    return {
      ...this.deps,
      ...rest,
      trx,
      schemas: database.schemas,
      now,
      today: zonedDate(now, this.deps.timeZone),
      display: await loadDisplay(trx, database.schemas, run.snapshot, run.automation.object, run.record),
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
  detail: string | null,
  error: string | null,
  started: number,
): RunStep {
  return { action, kind, outcome, detail, error, ms: Math.round(performance.now() - started) };
}
