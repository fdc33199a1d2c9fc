import { KeduoError, type ObjectAction } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { objectTable } from "../schema-sync/names.ts";
import { assertObjectPermission, recordPredicate } from "./record-access.ts";
import type { WriteContext, WriteOperation } from "./write-pipeline.ts";
import { holdsTransferRight } from "./write-rights-hook.ts";

const REQUIRED_ACTION: Record<WriteOperation, ObjectAction> = {
  create: "create",
  update: "edit",
  transfer: "edit",
  delete: "delete",
  restore: "delete",
  claim: "claim",
};

/**
 * The authorize stage of every record write: the object permission, then — for existing records — the
 * row-level predicates, evaluated in SQL and locked. Records the caller may not read answer 404 exactly like
 * missing ones; readable but not editable ones answer 403.
 */
export function accessHook(schemas: Schemas, timeZone: string) {
  return async (ctx: WriteContext) => {
    const objectName = ctx.model.object.apiName;
    assertObjectPermission(ctx.access, objectName, REQUIRED_ACTION[ctx.operation]);
    // A claim is about records the caller does not own yet: the write-rights hook checks them.
    if (ctx.operation === "create" || ctx.operation === "claim") return;
    const context = { schemas, alias: "t", today: ctx.today, timeZone };
    const readable = recordPredicate(ctx.access, ctx.model, "read", context) ?? sql`true`;
    const editable = recordPredicate(ctx.access, ctx.model, "edit", context) ?? sql`true`;
    const ids = ctx.records.map((r) => r.id);
    const { rows } = await sql<{ id: string; readable: boolean; editable: boolean; owner_id: string | null }>`
      SELECT t.id, ${readable} AS readable, ${editable} AS editable, t.owner_id FROM ${objectTable(schemas, objectName)} t
      WHERE t.id = ANY(${ids}::uuid[]) FOR UPDATE`.execute(ctx.trx);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = byId.get(id);
      if (!row?.readable) throw new KeduoError("RECORD_NOT_FOUND", { params: { object: objectName, id } });
      if (!row.editable) throw new KeduoError("FORBIDDEN");
      if (ctx.operation === "transfer" && !mayTransfer(ctx, row.owner_id)) throw new KeduoError("FORBIDDEN");
    }
  };
}

/** Owners may hand their records on; others need the transfer permission or modify-all on the object. */
function mayTransfer(ctx: WriteContext, ownerId: string | null): boolean {
  return (
    holdsTransferRight(ctx.access, ctx.model.object.apiName) ||
    (ownerId !== null && ownerId === ctx.access.userId)
  );
}
