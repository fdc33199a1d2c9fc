import {
  type AutomationRun,
  type Locale,
  type RunStep,
  runProblemOf,
  type StepNote,
  type StepProblem,
  type Translatable,
} from "@keduo/core";
import type { TFunction } from "i18next";
import { TASK_OBJECT } from "../../api/tasks.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { formatDate, formatDateTime } from "../../lib/format.ts";

// Steps logged before notes existed have only the server's English words; a wait's are still shown as the
// reader's date and time, as they were before.
const WAITING_UNTIL = /^waiting until (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/;

/** What a step's words are made with: the reader's language and the metadata (field and object labels). */
export interface StepWords {
  t: TFunction;
  label: (label: Partial<Translatable> | null | undefined) => string;
  language: Locale;
  /** The object the automation runs on. */
  meta: ObjectMeta | undefined;
  objects: ObjectMeta[];
}

/**
 * A step's detail in the reader's language, from its note (code and parts): field names as the object's labels,
 * dates and instants in the reader's format. A step logged before notes existed shows the server's words.
 */
export function stepDetail(step: RunStep, words: StepWords): string | null {
  const { t, label, language, meta, objects } = words;
  const fieldName = (on: ObjectMeta | undefined, name: string) => {
    if (name === "owner_id") return t("automationActions.recipients.owner");
    const field = on?.fields.find((f) => f.api_name === name);
    return field ? label(field.labels) : name;
  };
  const fieldList = (names: string[]) =>
    names.map((name) => fieldName(meta, name)).join(t("runSteps.listSeparator"));

  const render = (note: StepNote): string => {
    switch (note.code) {
      case "task_created": {
        const { name, assignee, due } = note.params;
        return t("runSteps.taskCreated", { name: name ?? assignee, due: formatDate(due, language) });
      }
      case "no_assignee":
        return t("runSteps.noAssignee", {
          recipient: t(
            `automationActions.recipients.${note.params.recipient}` as "automationActions.recipients.owner",
          ),
        });
      case "no_address": {
        const { field, via } = note.params;
        if (!via) return t("runSteps.noAddress", { field: fieldName(meta, field) });
        const relation = meta?.fields.find((f) => f.api_name === via);
        const target = objects.find((o) => o.api_name === relation?.config.relation?.target);
        const where = t("runSteps.fieldOf", { via: fieldName(meta, via), field: fieldName(target, field) });
        return t("runSteps.noAddress", { field: where });
      }
      case "email_not_configured":
        return t("runSteps.emailNotConfigured");
      case "email_queued":
        return t("runSteps.emailQueued", { to: note.params.to });
      case "no_rule_matched":
        return t("runSteps.noRuleMatched");
      case "assigned":
        return label(note.params.summary);
      case "no_recipients":
        return t("runSteps.noRecipients");
      case "notified": {
        const { count, names, email, emails } = note.params;
        const notified = t("runSteps.notified", { count, names: names.join(t("runSteps.listSeparator")) });
        if (email === "queued") return notified + t("runSteps.emailsQueued", { count: emails });
        if (email === "not_configured") return notified + t("runSteps.notifiedNoEmail");
        return notified;
      }
      case "script_no_values":
        return t("runSteps.scriptNoValues");
      case "script_set":
        return t("runSteps.scriptSet", { fields: fieldList(note.params.fields) });
      case "waiting_until":
        return t("automations.runs.waitingUntil", { time: formatDateTime(note.params.until, language) });
      case "webhook_queued": {
        const { origin, again } = note.params;
        return again ? t("runSteps.webhookAgain", { origin }) : t("runSteps.webhookQueued", { origin });
      }
      case "fields_updated":
        return t("runSteps.fieldsUpdated", { fields: fieldList(note.params.fields) });
      case "record_created": {
        const created = objects.find((o) => o.api_name === note.params.object);
        return t("runSteps.recordCreated", { object: label(created?.labels) || note.params.object });
      }
    }
  };

  if (step.note) return render(step.note);
  const until = step.kind === "wait" ? WAITING_UNTIL.exec(step.detail ?? "")?.[1] : undefined;
  return until ? t("automations.runs.waitingUntil", { time: formatDateTime(until, language) }) : step.detail;
}

/** The record a step created (a task, a record of another object), to open from the run log; null for others. */
export function stepRecord(step: RunStep): { object: string; id: string } | null {
  if (step.note?.code === "task_created") return { object: TASK_OBJECT, id: step.note.params.task };
  if (step.note?.code === "record_created") return step.note.params;
  return null;
}

/** Why a step failed, in the reader's language; a step logged before problems existed shows the server's words. */
export function stepError(step: RunStep, words: StepWords): string | null {
  const { t, label, meta } = words;
  const problem: StepProblem | null | undefined = step.problem;
  if (!problem) return step.error;
  const fieldName = (name: string) => {
    const field = meta?.fields.find((f) => f.api_name === name);
    return field ? label(field.labels) : name;
  };
  switch (problem.code) {
    case "refused":
      return label(problem.params.problem);
    case "script_failed": {
      const { limit, message } = problem.params;
      if (limit === "time") return t("runSteps.problems.scriptTime");
      if (limit === "memory") return t("runSteps.problems.scriptMemory");
      return t("runSteps.problems.scriptError", { message });
    }
    case "script_unknown_fields":
      return t("runSteps.problems.scriptUnknownFields", {
        names: problem.params.names.join(t("runSteps.listSeparator")),
      });
    case "formula_broken":
      return t("runSteps.problems.formulaBroken", {
        field: fieldName(problem.params.field),
        reason: problem.params.reason,
      });
    case "internal":
      return t("runSteps.problems.internal", { message: problem.params.message });
  }
}

/**
 * A run's own error in the reader's language (its record unreadable, its version gone, a loop of automations);
 * other words as they were stored. Null when the run failed at an action: its step says why, once.
 */
export function runError(run: Pick<AutomationRun, "error" | "steps">, words: StepWords): string | null {
  const { t } = words;
  if (!run.error) return null;
  if (run.steps.some((step) => step.outcome === "failed" && step.error === run.error)) return null;
  const own = runProblemOf(run.error);
  switch (own?.code) {
    case "version_gone":
      return t("runSteps.problems.versionGone");
    case "record_unreadable":
      return t("runSteps.problems.recordUnreadable", { message: own.message });
    case "loop":
      return t("runSteps.problems.loop", { depth: own.depth, max: own.max });
    default:
      return run.error;
  }
}

const EVENTS = {
  "record.created": "created",
  "record.updated": "updated",
  "record.deleted": "deleted",
} as const;
const TIMED = /^(date_relative|stagnation|recurring|schedule) (.+)$/;

/**
 * What fired a run, in the reader's language: a write's event, or a timed trigger's kind and occurrence as the
 * server stores it ("date_relative 2027-03-01", "recurring period 2", "schedule 2027-03-01T01:00:00.000Z").
 */
export function runTrigger(trigger: string, words: Pick<StepWords, "t" | "language">): string {
  const { t, language } = words;
  const event = EVENTS[trigger as keyof typeof EVENTS];
  if (event) return t(`automations.runs.triggers.${event}`);
  if (trigger === "inbound_webhook") return t("automations.triggers.inbound_webhook");
  const timed = TIMED.exec(trigger);
  if (!timed) return trigger;
  const kind = timed[1] as "date_relative" | "stagnation" | "recurring" | "schedule";
  const occurrence = timed[2] ?? "";
  const period = /^period (\d+)$/.exec(occurrence)?.[1];
  const when =
    period !== undefined
      ? t("runSteps.occurrence.period", { n: Number(period) })
      : /^\d{4}$/.test(occurrence)
        ? t("runSteps.occurrence.year", { year: occurrence })
        : /^\d{4}-\d{2}-\d{2}$/.test(occurrence)
          ? formatDate(occurrence, language)
          : kind === "stagnation"
            ? t("runSteps.occurrence.since", { time: formatDateTime(`${occurrence}Z`, language) })
            : formatDateTime(occurrence, language);
  return `${t(`automations.triggers.${kind}`)} · ${when}`;
}
