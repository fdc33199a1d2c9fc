import type { FieldDefinition, ObjectDefinition } from "@keduo/core";
import { sql } from "kysely";
import { objectTable } from "../../schema-sync/index.ts";
import type { DefinitionChecker } from "../definition-checker.ts";
import type { ActionContext, ActionKind, ActionResult } from "./action-kind.ts";
import { fill } from "./action-text.ts";

/** The object a relation to one record points at, or a problem at `path`. */
function singleTarget(check: DefinitionChecker, path: string, via: unknown): ObjectDefinition | undefined {
  const relation: FieldDefinition | undefined = check.fieldOfType(
    path,
    via,
    ["relation"],
    "field_not_relation",
  );
  if (!relation) return undefined;
  const config = relation.config.relation;
  if (config?.cardinality === "many_to_many") {
    check.problem(path, "relation_not_single", { name: relation.apiName });
    return undefined;
  }
  return check.context.snapshot.objects.get(config?.target ?? "");
}

/** The address: the record's own email field, or the email field of the record `via` points at. */
async function addressOf(ctx: ActionContext, toField: string, via: string | undefined): Promise<unknown> {
  if (!via) return ctx.record[toField];
  const related = ctx.record[via];
  const relatedId =
    typeof related === "object" && related !== null ? (related as { id?: unknown }).id : related;
  const target = ctx.snapshot.objects
    .get(ctx.automation.object)
    ?.fields.find((field) => field.apiName === via)?.config.relation?.target;
  if (typeof relatedId !== "string" || !target || !ctx.snapshot.objects.has(target)) return null;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${sql.id(toField)} AS address FROM ${objectTable(ctx.schemas, target)}
    WHERE id = ${relatedId} AND deleted_at IS NULL`.execute(ctx.trx);
  return rows[0]?.address ?? null;
}

/**
 * An email to an address the record holds (a contact's birthday greeting) or a related record holds (an
 * account's welcome email to its main contact), in the organisation's language.
 */
export const sendEmail: ActionKind<"send_email"> = {
  check(check, path, action) {
    const on = action.via === undefined ? check.object : singleTarget(check, `${path}.via`, action.via);
    if (on) check.fieldOfType(`${path}.to_field`, action.to_field, ["email"], "field_not_email", on);
    return {
      kind: "send_email",
      to_field: action.to_field,
      ...(action.via === undefined ? {} : { via: action.via }),
      subject: check.text(`${path}.subject`, action.subject),
      body: check.text(`${path}.body`, action.body),
    };
  },

  async run(ctx, action): Promise<ActionResult> {
    const address = await addressOf(ctx, action.to_field, action.via);
    if (typeof address !== "string" || !address) {
      const params = { field: action.to_field, via: action.via ?? null };
      return { outcome: "skipped", note: { code: "no_address", params } };
    }
    if (!ctx.mail.configured)
      return { outcome: "skipped", note: { code: "email_not_configured", params: {} } };
    await ctx.mail.enqueue(ctx.trx, {
      to: [{ email: address }],
      subject: fill(ctx, action.subject, "zh-CN"),
      text: fill(ctx, action.body, "zh-CN"),
      messageKey: `${ctx.runId}.${ctx.actionIndex}`,
    });
    return { outcome: "done", note: { code: "email_queued", params: { to: address } } };
  },
};
