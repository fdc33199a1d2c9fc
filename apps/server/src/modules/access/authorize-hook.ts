import { KeduoError, type ObjectAction } from "@keduo/core";
import type { Schemas } from "../../db/database.ts";
import { assertObjectPermission } from "./object-permission.ts";
import { mayTransfer, rowRights } from "./record-rights.ts";
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
    const context = { schemas, alias: "t", today: write.today, timeZone, lock: true };
    const rights = await rowRights(
      write.trx,
      write.access,
      write.model,
      write.records.map((r) => r.id),
      context,
    );
    for (const { id } of write.records) {
      const row = rights.get(id);
      if (!row?.readable) throw new KeduoError("RECORD_NOT_FOUND", { params: { object: objectName, id } });
      if (!row.editable) throw new KeduoError("FORBIDDEN");
      if (write.operation === "transfer" && !mayTransfer(write.access, objectName, row.ownerId))
        throw new KeduoError("FORBIDDEN");
    }
  };
}
