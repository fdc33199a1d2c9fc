import {
  type AutomationRun,
  type Clock,
  KeduoError,
  TIMED_TRIGGERS,
  type WebhookDelivery,
} from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { AccessContext, DirectoryService } from "../access/index.ts";
import type { BundlesService } from "../bundles/index.ts";
import type { JobQueue, Timers } from "../jobs/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import "./automation.errors.ts";

import type { AutomationInput } from "./automation-check.ts";
import { type AutomationPreview, previewTimed } from "./automation-preview.ts";
import { automationSection } from "./automation-section.ts";
import { AutomationsService } from "./automations.service.ts";
import { type HookAnswer, type HookCall, receiveHook } from "./inbound-hooks.ts";
import type { AssignmentPort, CalendarPort, MailPort, NotificationPort } from "./ports.ts";
import { type AutomationTest, conditionOnRecord } from "./record-test.ts";
import { recordTriggerHook } from "./record-triggers.ts";
import { RESUME_TIMER, RunExecutor } from "./run-executor.ts";
import { headOf, RUN_QUEUE, RunStore } from "./run-store.ts";
import { ScriptRunner } from "./script/script-runner.ts";
import { scanTimedTriggers } from "./timed-triggers.ts";
import { createWebhookSender, type Resolver } from "./webhook/index.ts";

export type { AutomationInput } from "./automation-check.ts";
export type { AutomationPreview, PreviewHit } from "./automation-preview.ts";
export { AutomationsService } from "./automations.service.ts";
export type {
  AssignmentPort,
  BusinessDays,
  CalendarPort,
  MailMessage,
  MailPort,
  NotificationPort,
} from "./ports.ts";
export type { AutomationTest } from "./record-test.ts";
export { RUN_QUEUE } from "./run-store.ts";
export type { Resolver as WebhookResolver } from "./webhook/index.ts";

export const TIMED_SCAN_QUEUE = "keduo-automation-scan";

export interface AutomationModule {
  automations: AutomationsService;
  /** One scan of every enabled timed automation against the business clock; resolves the runs it queued. */
  scanTimed(): Promise<number>;
  /** Runs one queued run now (the job queue does this; tests and benchmarks may too). */
  execute(runId: string): Promise<void>;
  runLog(
    where: { automationId?: string },
    page: { before?: string; limit?: number },
  ): Promise<AutomationRun[]>;
  recordRunLog(
    object: string,
    id: string,
    access: AccessContext,
    page: { before?: string; limit?: number },
  ): Promise<AutomationRun[]>;
  retry(runId: string): Promise<void>;
  /** A call to an automation's inbound webhook (public: the token is the key). */
  receiveHook(token: string, call: HookCall): Promise<HookAnswer>;
  /** A dry run on one record (saved automation, or as the editor holds it): nothing is saved or sent. */
  test(
    input: AutomationInput & { object?: string },
    options: { id?: string; recordId: string; access: AccessContext },
  ): Promise<AutomationTest>;
  /** Which records a timed automation (saved, or as the editor holds it) would act on over the next days. */
  preview(
    input: AutomationInput & { object?: string },
    options: { id?: string; days: number },
  ): Promise<AutomationPreview>;
  /** What a run's webhook actions delivered (status, attempts, the receiver's answer). */
  webhookDeliveries(runId: string): Promise<WebhookDelivery[]>;
  /** Ends the script sandbox's thread (after the job queue stopped). */
  close(): Promise<void>;
}

/**
 * The automation engine (ADR 0032). Creating it registers what drives it: the record-trigger hook in every
 * write's afterWrite stage, the run queue, the timed scan every minute, and the bundle section.
 */
export function createAutomationModule(deps: {
  database: Database;
  clock: Clock;
  timeZone: string;
  metadata: MetadataService;
  records: RecordsService;
  bundles: BundlesService;
  jobs: JobQueue;
  /** The business-clock timers waiting runs sleep on. */
  timers: Timers;
  directory: DirectoryService;
  notifications: NotificationPort;
  mail: MailPort;
  calendar: CalendarPort;
  assignment: AssignmentPort;
  /** Scan timed automations every minute (off in tests, which scan after moving the clock). */
  scanEveryMinute: boolean;
  /** Outbound webhooks: KEDUO_WEBHOOK_ALLOW_HOSTS, KEDUO_WEBHOOK_RETRY_SECONDS (and a resolver in tests). */
  webhooks: { allowHosts: readonly string[]; retryDelaySeconds: number; resolver?: Resolver };
}): AutomationModule {
  const { database, clock, jobs } = deps;
  const webhooks = createWebhookSender({ database, clock, jobs, ...deps.webhooks });
  const scripts = new ScriptRunner();
  const automations = new AutomationsService({ ...deps, webhookAllowHosts: webhooks.allowHosts });
  const runs = new RunStore({ schemas: database.schemas, jobs, now: () => clock.now() });
  const executor = new RunExecutor({ ...deps, runs, webhooks, scripts });
  deps.timers.register(RESUME_TIMER, async (timer) => {
    await database.db.transaction().execute((trx) => runs.resume(trx, String(timer.data.runId)));
  });
  deps.records.pipeline.register(
    "afterWrite",
    "automation.triggers",
    recordTriggerHook({ automations, runs, schemas: database.schemas, timeZone: deps.timeZone }),
    { after: ["records.outbox"] },
  );
  deps.bundles.sections.register(automationSection({ automations, schemas: database.schemas }));
  // Four workers per instance: a run mostly waits on the database, so runs overlap (bench -- automation).
  jobs.register(RUN_QUEUE, (data) => executor.execute(String(data.runId), headOf(data)), {
    batchSize: 10,
    concurrency: 4,
  });

  const scanTimed = async () => {
    const snapshot = await deps.metadata.current();
    const enabled = [...(await automations.enabled(database.db, snapshot)).values()].flat();
    const timed = enabled.filter((a) => (TIMED_TRIGGERS as readonly string[]).includes(a.trigger.kind));
    return scanTimedTriggers({ ...deps, snapshot, automations: timed, runs });
  };
  jobs.register(TIMED_SCAN_QUEUE, async () => {
    await scanTimed();
  });
  if (deps.scanEveryMinute) jobs.schedule(TIMED_SCAN_QUEUE, "* * * * *", deps.timeZone);

  const limitOf = (page: { limit?: number }) => Math.min(Math.max(page.limit ?? 50, 1), 200);
  return {
    automations,
    scanTimed,
    execute: (runId) => executor.execute(runId),
    runLog: (where, page) => runs.list(database.db, where, { before: page.before, limit: limitOf(page) }),
    async recordRunLog(object, id, access, page) {
      // Only for a reader of the record: an unreadable one answers like a missing one.
      await deps.records.reads.get(object, id, access, { fields: [] });
      return runs.list(database.db, { object, recordId: id }, { before: page.before, limit: limitOf(page) });
    },
    receiveHook: (token, call) => receiveHook({ ...deps, automations, runs }, token, call),
    async test(input, options) {
      const definition = await automations.checked(input.object ?? "", input, options.id);
      // Only a record the admin may read can be tried (404 like a read otherwise).
      await deps.records.reads.get(definition.object, options.recordId, options.access, { fields: [] });
      const snapshot = await deps.metadata.current();
      const condition = await conditionOnRecord({ ...deps, snapshot }, definition, options.recordId);
      const steps = await executor.dryRun(definition, options.recordId);
      return { record_id: options.recordId, condition, steps };
    },
    async preview(input, options) {
      const definition = await automations.checked(input.object ?? "", input, options.id);
      const snapshot = await deps.metadata.current();
      return previewTimed({ ...deps, snapshot }, definition, { days: options.days, limit: 200 });
    },
    async retry(runId) {
      await database.db.transaction().execute(async (trx) => {
        const run = await runs.get(trx, runId);
        if (!run) throw new KeduoError("AUTOMATION_RUN_NOT_FOUND", { params: { id: runId } });
        if (run.status !== "failed")
          throw new KeduoError("AUTOMATION_RUN_NOT_RETRYABLE", { params: { status: run.status } });
        await runs.retry(trx, runId);
      });
    },
    async webhookDeliveries(runId) {
      if (!(await runs.get(database.db, runId)))
        throw new KeduoError("AUTOMATION_RUN_NOT_FOUND", { params: { id: runId } });
      return webhooks.deliveries(runId);
    },
    close: () => scripts.close(),
  };
}
