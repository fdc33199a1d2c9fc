import { KeduoError, type ObjectAction } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import { assertObjectPermission } from "./object-permission.ts";
import { recordPredicate } from "./record-predicate.ts";
import { holdsTransferRight } from "./transfer-right.ts";
import type { GuardedOperation, GuardedWrite } from "./write-access.ts";

const REQUIRED_ACTION: Record<GuardedOperation, ObjectAction> = {
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
export function authorizeHook(deps: { schemas: Schemas; timeZone: string }) {
  const { schemas, timeZone } = deps;
  return async (write: GuardedWrite) => {
    const objectName = write.model.object.apiName;
    assertObjectPermission(write.access, objectName, REQUIRED_ACTION[write.operation]);
    // A claim is about records the caller does not own yet: the write-rights hook checks them.
    if (write.operation === "create" || write.operation === "claim") return;
    const context = { schemas, alias: "t", today: write.today, timeZone };
    const readable = recordPredicate(write.access, write.model, "read", context) ?? sql`true`;
    const editable = recordPredicate(write.access, write.model, "edit", context) ?? sql`true`;
    const ids = write.records.map((r) => r.id);
    const { rows } = await sql<{ id: string; readable: boolean; editable: boolean; owner_id: string | null }>`
      SELECT t.id, ${readable} AS readable, ${editable} AS editable, t.owner_id FROM ${objectTable(schemas, objectName)} t
      WHERE t.id = ANY(${ids}::uuid[]) FOR UPDATE`.execute(write.trx);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = byId.get(id);
      if (!row?.readable) throw new KeduoError("RECORD_NOT_FOUND", { params: { object: objectName, id } });
      if (!row.editable) throw new KeduoError("FORBIDDEN");
      if (write.operation === "transfer" && !mayTransfer(write, row.owner_id))
        throw new KeduoError("FORBIDDEN");
    }
  };
}

/** Owners may hand their records on; others need the transfer permission or modify-all on the object. */
function mayTransfer(write: GuardedWrite, ownerId: string | null): boolean {
  return (
    holdsTransferRight(write.access, write.model.object.apiName) ||
    (ownerId !== null && ownerId === write.access.userId)
  );
}
