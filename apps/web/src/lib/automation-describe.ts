import type { AutomationAction, AutomationTrigger, Translatable } from "@keduo/core";
import type { TFunction } from "i18next";
import type { ObjectMeta } from "../api/types.ts";

/** What the words need: the UI's strings, its label picker and the object the automation is on. */
export interface DescribeContext {
  t: TFunction;
  label: (label: Partial<Translatable> | null | undefined) => string;
  object: ObjectMeta | undefined;
}

const SYSTEM_FIELDS: Record<string, Translatable> = {
  owner_id: { "zh-CN": "负责人", en: "Owner" },
  created_at: { "zh-CN": "创建时间", en: "Created at" },
  updated_at: { "zh-CN": "更新时间", en: "Updated at" },
};

/** A field's label in the UI language (its API name when the object no longer has it). */
export function fieldName(context: DescribeContext, name: string | undefined): string {
  if (!name) return "";
  const field = context.object?.fields.find((f) => f.api_name === name);
  return context.label(field?.labels ?? SYSTEM_FIELDS[name]) || name;
}

function optionName(context: DescribeContext, fieldApiName: string | null, value: string): string {
  // A stage is an option of the pipeline's stage field, which the trigger does not name: any select holding it.
  const fields = context.object?.fields.filter((f) => fieldApiName === null || f.api_name === fieldApiName);
  const option = fields?.flatMap((f) => f.config.options ?? []).find((o) => o.value === value);
  return context.label(option?.labels) || value;
}

function describeChange(
  context: DescribeContext,
  trigger: Extract<AutomationTrigger, { kind: "field_changed" }>,
) {
  const { t } = context;
  const field = fieldName(context, trigger.field);
  const from = trigger.from ? optionName(context, trigger.field, trigger.from) : null;
  const to = trigger.to ? optionName(context, trigger.field, trigger.to) : null;
  if (from && to) return t("automations.describe.changedFromTo", { field, from, to });
  if (to) return t("automations.describe.changedTo", { field, to });
  if (from) return t("automations.describe.changedFrom", { field, from });
  return t("automations.describe.changed", { field });
}

function describeDate(
  context: DescribeContext,
  trigger: Extract<AutomationTrigger, { kind: "date_relative" }>,
) {
  const { t } = context;
  const field = fieldName(context, trigger.field);
  const count = Math.abs(trigger.offset);
  const business = trigger.unit === "business_days";
  const when =
    count === 0
      ? t("automations.describe.onDay", { field })
      : trigger.offset < 0
        ? t(business ? "automations.describe.beforeBusiness" : "automations.describe.before", {
            field,
            count,
          })
        : t(business ? "automations.describe.afterBusiness" : "automations.describe.after", { field, count });
  return trigger.yearly ? t("automations.describe.yearly", { when }) : when;
}

/** The trigger in words, without the object: "结束日期前 30 天" / "30 days before End date". */
export function describeTrigger(context: DescribeContext, trigger: AutomationTrigger): string {
  const { t } = context;
  const list = (names: string[]) =>
    names.map((name) => fieldName(context, name)).join(t("automations.describe.listSeparator"));
  switch (trigger.kind) {
    case "record_created":
      return t("automations.describe.created");
    case "record_updated":
      return trigger.fields?.length
        ? t("automations.describe.updatedFields", { fields: list(trigger.fields) })
        : t("automations.describe.updated");
    case "record_deleted":
      return t("automations.describe.deleted");
    case "field_changed":
      return describeChange(context, trigger);
    case "date_relative":
      return describeDate(context, trigger);
    case "stagnation": {
      const what = t(
        trigger.measure === "no_stage_change"
          ? "automations.describe.noStageChange"
          : "automations.describe.noUpdate",
        { count: trigger.days },
      );
      return trigger.stages?.length
        ? t("automations.describe.inStages", {
            what,
            stages: trigger.stages
              .map((stage) => optionName(context, null, stage))
              .join(t("automations.describe.listSeparator")),
          })
        : what;
    }
    case "recurring":
      return trigger.anchor_field
        ? t("automations.describe.everyFrom", {
            count: trigger.every_months,
            field: fieldName(context, trigger.anchor_field),
          })
        : t("automations.describe.every", { count: trigger.every_months });
    case "schedule":
      return t("automations.describe.schedule", { cron: trigger.cron });
    case "inbound_webhook":
      return t("automations.describe.inboundWebhook");
  }
}

/** "合同 · 结束日期前 30 天": the object and what makes the automation act. */
export const describeTriggerOnObject = (context: DescribeContext, trigger: AutomationTrigger) =>
  `${context.label(context.object?.labels) || ""} · ${describeTrigger(context, trigger)}`;

/** The actions in order, by kind: "发送通知 → 新建商机". */
export function describeActions(
  context: DescribeContext,
  actions: AutomationAction[],
  objects: ObjectMeta[],
) {
  const { t, label } = context;
  return actions
    .map((action) => {
      if (action.kind !== "create_record") return t(`automationActions.kinds.${action.kind}`);
      const target = objects.find((o) => o.api_name === action.object);
      return t("automations.describe.createRecord", { object: label(target?.labels) || action.object });
    })
    .join(" → ");
}
