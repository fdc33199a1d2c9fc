import type { Translatable } from "../i18n/index.ts";

export * from "./run-errors.ts";

/*
 * Automations (ADR 0032): a trigger, an optional condition (a boolean formula) and ordered actions that an
 * admin configures. The shapes below are the API's, the bundle's and the web app's (snake_case like every
 * other definition).
 */

/** When an automation looks at a record. */
export type AutomationTrigger =
  | { kind: "record_created" }
  /** Any update, or only one that changed one of `fields`. */
  | { kind: "record_updated"; fields?: string[] }
  | { kind: "record_deleted" }
  /** One field changed, optionally from and/or to an option value (a stage move is a change of the stage field). */
  | { kind: "field_changed"; field: string; from?: string | null; to?: string | null }
  /**
   * A date field plus or minus an offset, once per record and date; `yearly` fires on the anniversary every
   * year (birthdays). Records that reach the date while the automation is off, or that are created with the
   * date already passed, fire late for up to `late_days` days (0: skip them).
   */
  | {
      kind: "date_relative";
      field: string;
      offset: number;
      unit: "days" | "business_days";
      yearly?: boolean;
      late_days?: number;
    }
  /** No update (or no stage change) for `days` days, optionally only in some stages; again after each change. */
  | { kind: "stagnation"; days: number; measure: "no_update" | "no_stage_change"; stages?: string[] }
  /** Every `every_months` months from `anchor_field` (default the creation date) while the condition holds. */
  | { kind: "recurring"; every_months: number; anchor_field?: string }
  /**
   * At each tick of a cron expression in the organisation's time zone (`0 9 * * 1`: Mondays at 9:00), for every
   * record that meets the condition then (a weekly review of open deals); a tick missed by up to a day fires late.
   */
  | { kind: "schedule"; cron: string }
  /**
   * A call from another system to a secret URL (`POST /api/hooks/automations/{token}`): on the record it names
   * (`record_id`), or on a record it creates from the posted `values` (a web form's lead). The token is made when
   * the automation is saved without one; whoever knows it can call, so it is shown to admins only.
   */
  | { kind: "inbound_webhook"; token: string };

export type AutomationTriggerKind = AutomationTrigger["kind"];
export const RECORD_TRIGGERS = [
  "record_created",
  "record_updated",
  "record_deleted",
  "field_changed",
] as const;
export const TIMED_TRIGGERS = ["date_relative", "stagnation", "recurring", "schedule"] as const;

/** Whom an action addresses, resolved per record when it runs. */
export type Recipient =
  | { kind: "owner" }
  /** The record owner's manager `levels` steps up (1: the direct manager). */
  | { kind: "manager"; levels?: number }
  /** The head of the record owner's department. */
  | { kind: "department_head" }
  | { kind: "user"; user: string }
  /** Every active member of a role (by API name). */
  | { kind: "role"; role: string }
  /** The user in a user field of the record. */
  | { kind: "user_field"; field: string }
  /** The owner of the record a relation field points to (a ticket's account owner). */
  | { kind: "related_owner"; field: string };

/** A value an action writes: a constant, a copy of the record's field, a text with `{{field}}`, or a formula. */
export type ValueSource =
  | { value: string | number | boolean | null }
  | { copy: string }
  | { text: string }
  | { formula: string };

export type AutomationAction =
  | {
      kind: "create_task";
      subject: Translatable;
      assignee: Recipient;
      /** Due this many days after the run (business days when `business_days`). */
      due_in_days?: number;
      business_days?: boolean;
      description?: Translatable;
    }
  | {
      kind: "notify";
      recipients: Recipient[];
      title: Translatable;
      body: Translatable;
      /** In-app always; by email too when `email` (needs SMTP). */
      email?: boolean;
    }
  /**
   * An email to an address held by the record (a contact's birthday greeting) or, through `via` (a relation to
   * one record), by the related record: an account's welcome email to its main contact.
   */
  | { kind: "send_email"; to_field: string; via?: string; subject: Translatable; body: Translatable }
  | { kind: "update_fields"; values: Record<string, ValueSource> }
  /**
   * Waits `days` days (business days on the working calendar when `business_days`) before the next action,
   * on the business clock; the record is read again when the run goes on (its condition is not re-checked).
   */
  | { kind: "wait"; days: number; business_days?: boolean }
  /** A new owner by the object's assignment rules (ADR 0033), the decision stored with the record. */
  | { kind: "assign_owner" }
  /** A new record of `object` (a renewal opportunity), filled from the triggering record. */
  | { kind: "create_record"; object: string; values: Record<string, ValueSource> }
  /**
   * A POST of the record (API form) to an outside address, signed as in the Standard Webhooks spec with
   * `secret` (`whsec_<base64>`; generated when the automation is saved without one) and delivered by a job of
   * its own, retried with backoff, always with the same `webhook-id`.
   */
  | { kind: "webhook"; url: string; secret?: string }
  /**
   * A script (a function body) run in a sandbox with the record as `record`; the object it returns holds the
   * field values written on the record.
   */
  | { kind: "script"; source: string };

export type AutomationActionKind = AutomationAction["kind"];

/** Who an automation's writes are made as: the system (every right), or a user checked like their requests. */
export type RunAs = { kind: "system" } | { kind: "user"; user: string };

export interface AutomationDefinition {
  api_name: string;
  object: string;
  labels: Translatable;
  description: Translatable | null;
  enabled: boolean;
  trigger: AutomationTrigger;
  /** A boolean formula on the record (ISNEW, ISCHANGED, PRIORVALUE for record triggers); null: always. */
  condition: string | null;
  actions: AutomationAction[];
  run_as: RunAs;
}

export interface Automation extends AutomationDefinition {
  id: string;
  /** Bumped on every change; a run keeps the version it started with. */
  version: number;
  created_at: string;
  updated_at: string;
}

export type RunStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "skipped";

/**
 * What an action did, as a code and its parts: the run log renders it in the reader's language (field names
 * as the object's labels, instants in their time zone). Names of people and addresses are as they were then.
 */
export type StepNote =
  | { code: "task_created"; params: { task: string; assignee: string; name: string | null; due: string } }
  | { code: "no_assignee"; params: { recipient: string } }
  | { code: "no_address"; params: { field: string; via: string | null } }
  | { code: "email_not_configured"; params: Record<string, never> }
  | { code: "email_queued"; params: { to: string } }
  | { code: "no_rule_matched"; params: Record<string, never> }
  /** The assignment decision's sentence, which the server writes in both languages. */
  | { code: "assigned"; params: { summary: Translatable } }
  | { code: "no_recipients"; params: Record<string, never> }
  | {
      code: "notified";
      params: { count: number; names: string[]; email: "off" | "queued" | "not_configured"; emails: number };
    }
  | { code: "script_no_values"; params: Record<string, never> }
  | { code: "script_set"; params: { fields: string[] } }
  | { code: "waiting_until"; params: { until: string } }
  | { code: "webhook_queued"; params: { id: string; origin: string; again: boolean } }
  | { code: "fields_updated"; params: { fields: string[] } }
  | { code: "record_created"; params: { object: string; id: string } };

/**
 * Why an action failed, as a code and its parts, for the reader's language (`error` is its English words).
 * Messages that come from outside (a script's own error, the database's) are kept as they were said.
 */
export type StepProblem =
  /** A refused write or another catalogued error, which the server words in both languages. */
  | { code: "refused"; params: { problem: Translatable } }
  | { code: "script_failed"; params: { limit: "time" | "memory" | null; message: string } }
  | { code: "script_unknown_fields"; params: { names: string[] } }
  | { code: "formula_broken"; params: { field: string; reason: string } }
  | { code: "internal"; params: { message: string } };

/** One action's outcome in a run. */
export interface RunStep {
  action: number;
  kind: AutomationActionKind;
  outcome: "done" | "failed" | "skipped";
  /** What it did in English, for logs and the API ("task 0190… for 王芳", "email not configured"). */
  detail: string | null;
  /** The same as a code and parts, for the reader's language; absent on steps logged before notes existed. */
  note?: StepNote | null;
  error: string | null;
  /** The error as a code and parts; absent on steps logged before, and on steps that did not fail. */
  problem?: StepProblem | null;
  ms: number;
}

export interface AutomationRun {
  id: string;
  automation_id: string;
  automation: string;
  /** The automation's name (null when it was deleted since): readers of a record see runs by name. */
  automation_labels: Translatable | null;
  version: number;
  object: string;
  record_id: string;
  /** What fired it: the write's event type, or the timer's occurrence ("2027-03-01", "period 2"). */
  trigger: string;
  status: RunStatus;
  steps: RunStep[];
  error: string | null;
  depth: number;
  created_at: string;
  finished_at: string | null;
}

/** One webhook action of a run and how its delivery went (the `webhook-id` is the same on every attempt). */
export interface WebhookDelivery {
  webhook_id: string;
  action: number;
  url: string;
  status: "queued" | "delivered" | "failed";
  attempts: number;
  /** The receiver's last answer; null when there was none (network error, refused address). */
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}
