import type {
  AutomationAction,
  AutomationActionKind,
  AutomationDefinition,
  MetadataSnapshot,
  StepNote,
} from "@keduo/core";
import type { Schemas, Trx } from "../../../db/database.ts";
import type { DirectoryService } from "../../access/index.ts";
import type { ActingWrites } from "../../records/index.ts";
import type { DefinitionChecker } from "../definition-checker.ts";
import type { People } from "../people.ts";
import type { AssignmentPort, CalendarPort, MailPort, NotificationPort } from "../ports.ts";
import type { DisplayValue } from "../record-display.ts";
import type { ScriptPort } from "../script/script-runner.ts";
import type { WebhookPort } from "../webhook/index.ts";

/** Everything one action of one run sees; `trx` is the action's own transaction. */
export interface ActionContext {
  trx: Trx;
  schemas: Schemas;
  snapshot: MetadataSnapshot;
  timeZone: string;
  now: Date;
  today: string;
  runId: string;
  actionIndex: number;
  automationId: string;
  automation: AutomationDefinition;
  record: Record<string, unknown>;
  recordId: string;
  display: DisplayValue;
  /** The users this action reads (names, addresses, languages, who is active), each once. */
  people: People;
  writes: ActingWrites;
  directory: DirectoryService;
  notifications: NotificationPort;
  mail: MailPort;
  calendar: CalendarPort;
  webhooks: WebhookPort;
  scripts: ScriptPort;
  assignment: AssignmentPort;
}

/** What an action did, as the run log's note; a `skipped` action had nothing to do (no recipient…). */
export interface ActionResult {
  outcome: "done" | "skipped";
  note: StepNote;
  /** The run pauses here and goes on with the next action at this business-clock time (a wait). */
  resumeAt?: Date;
}

export type ActionOf<K extends AutomationActionKind> = Extract<AutomationAction, { kind: K }>;

/**
 * One kind of action: how its settings are checked when the automation is saved (every problem with its
 * path, defaults spelled out) and what it does in a run. A new kind is one file registered in actions/index.ts.
 */
export interface ActionKind<K extends AutomationActionKind> {
  check(check: DefinitionChecker, path: string, given: ActionOf<K>): ActionOf<K>;
  run(ctx: ActionContext, action: ActionOf<K>): Promise<ActionResult>;
}
