import { timingSafeEqual } from "node:crypto";
import { type Automation, type Clock, KeduoError } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import { systemAccessContext } from "../access/index.ts";
import { type MetadataService, throwIfIssues } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import type { AutomationsService } from "./automations.service.ts";
import { conditionOnRecord } from "./record-test.ts";
import type { RunStore } from "./run-store.ts";

export interface HookCall {
  /** The record to act on… */
  record_id?: string;
  /** …or the values of a record to create first (a web form's lead). */
  values?: Record<string, unknown>;
}

export interface HookAnswer {
  record_id: string;
  /** The run it queued; null when the record does not meet the automation's condition. */
  run_id: string | null;
}

const sameToken = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * An inbound webhook (issue 17): another system calls the automation's secret URL. The token alone names the
 * automation (an unknown or disabled one answers 404, the same way); a record is created from `values` through
 * the records service (validation, gates, history, other automations) or named by `record_id`, and a run is
 * queued when the condition holds.
 */
export async function receiveHook(
  deps: {
    database: Database;
    clock: Clock;
    timeZone: string;
    metadata: MetadataService;
    records: RecordsService;
    automations: AutomationsService;
    runs: RunStore;
  },
  token: string,
  call: HookCall,
): Promise<HookAnswer> {
  const snapshot = await deps.metadata.current();
  const enabled = [...(await deps.automations.enabled(deps.database.db, snapshot)).values()].flat();
  const automation = enabled.find(
    (a): a is Automation & { trigger: { kind: "inbound_webhook"; token: string } } =>
      a.trigger.kind === "inbound_webhook" && sameToken(a.trigger.token, token),
  );
  if (!automation) throw new KeduoError("AUTOMATION_HOOK_NOT_FOUND");
  if (!call.values && !call.record_id) throwIfIssues([{ field: "record_id", code: "required" }]);
  const recordId = call.values ? await createFromHook(deps, automation, call.values) : String(call.record_id);
  // An id that is no record answers like a read of it.
  await deps.records.reads.get(automation.object, recordId, systemAccessContext(snapshot), { fields: [] });
  const condition = await conditionOnRecord({ ...deps, snapshot }, automation, recordId);
  if (condition.result !== true) return { record_id: recordId, run_id: null };
  const [runId] = await deps.database.db.transaction().execute((trx) =>
    deps.runs.enqueue(trx, [
      {
        automationId: automation.id,
        version: automation.version,
        object: automation.object,
        recordId,
        trigger: "inbound_webhook",
        depth: 0,
        status: "queued",
      },
    ]),
  );
  return { record_id: recordId, run_id: runId ?? null };
}

async function createFromHook(
  deps: { records: RecordsService },
  automation: Automation,
  values: Record<string, unknown>,
): Promise<string> {
  const reason = {
    source: "system" as const,
    description: `inbound webhook of automation '${automation.labels.en}'`,
  };
  const writes = deps.records.as(
    automation.run_as.kind === "user"
      ? { kind: "user", userId: automation.run_as.user, reason }
      : { kind: "system", reason },
  );
  const [created] = await writes.create(automation.object, [values]);
  return String(created?.id);
}
