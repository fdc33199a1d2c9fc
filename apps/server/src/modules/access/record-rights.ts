import { KeduoError, type ObjectAction } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Trx } from "../../db/database.ts";
import type { ObjectModel } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { AccessContext } from "./access-context.ts";
import { type PredicateContext, recordPredicate } from "./record-predicate.ts";
import { holdsTransferRight } from "./transfer-right.ts";

/** How the row-level predicates judge one stored record for a caller. */
export interface RowRights {
  /** In the recycle bin. */
  deleted: boolean;
  readable: boolean;
  editable: boolean;
  ownerId: string | null;
}

/**
 * The row-level predicates (read and edit) of `access` evaluated on these records in ONE statement; records
 * missing from the map do not exist. With `lock`, the rows are locked for the caller's write (FOR UPDATE).
 * The authorize stage of every write and the record page's "what may I do here" both read it.
 */
export async function rowRights(
  executor: Db | Trx,
  access: AccessContext,
  model: ObjectModel,
  ids: readonly string[],
  context: PredicateContext & { lock?: boolean },
): Promise<Map<string, RowRights>> {
  const { lock, ...predicateContext } = context;
  const readable = recordPredicate(access, model, "read", predicateContext) ?? sql`true`;
  const editable = recordPredicate(access, model, "edit", predicateContext) ?? sql`true`;
  const alias = sql.id(context.alias);
  const column = (name: string) => sql.id(context.alias, name);
  const { rows } = await sql<{
    id: string;
    deleted: boolean;
    readable: boolean;
    editable: boolean;
    owner_id: string | null;
  }>`
    SELECT ${column("id")} AS id, ${column("deleted_at")} IS NOT NULL AS deleted, ${readable} AS readable,
      ${editable} AS editable, ${column("owner_id")} AS owner_id
    FROM ${objectTable(context.schemas, model.object.apiName)} ${alias}
    WHERE ${column("id")} = ANY(${ids}::uuid[]) ${lock ? sql`FOR UPDATE` : sql``}`.execute(executor);
  return new Map(
    rows.map((row) => [
      row.id,
      { deleted: row.deleted, readable: row.readable, editable: row.editable, ownerId: row.owner_id },
    ]),
  );
}

/** Owners may hand their records on; others need the transfer permission or modify-all on the object. */
export function mayTransfer(access: AccessContext, objectName: string, ownerId: string | null): boolean {
  return holdsTransferRight(access, objectName) || (ownerId !== null && ownerId === access.userId);
}

/** What the caller may do with one record they can read: the answers the writes themselves would give. */
export interface RecordActions {
  edit: boolean;
  delete: boolean;
  transfer: boolean;
}

/**
 * The actions `access` may take on one record, from the object permissions and the row's rights — the same
 * rules as the authorize stage (authorize-hook.ts), so a UI that offers only these is never refused.
 * Throws RECORD_NOT_FOUND for a record the caller may not read, or one in the recycle bin, exactly as for a
 * missing one.
 */
export function recordActionsOrThrow(
  access: AccessContext,
  objectName: string,
  id: string,
  rights: RowRights | undefined,
): RecordActions {
  if (!rights?.readable || rights.deleted)
    throw new KeduoError("RECORD_NOT_FOUND", { params: { object: objectName, id } });
  return actionsOf(access, objectName, rights);
}

/**
 * The actions on each record of a list page, from one `rowRights` answer: records the caller cannot read, in
 * the recycle bin or missing are all simply left out, so the answer tells nothing about ids one may not see.
 */
export function recordsActions(
  access: AccessContext,
  objectName: string,
  rights: ReadonlyMap<string, RowRights>,
): Record<string, RecordActions> {
  const answer: Record<string, RecordActions> = {};
  for (const [id, row] of rights)
    if (row.readable && !row.deleted) answer[id] = actionsOf(access, objectName, row);
  return answer;
}

function actionsOf(access: AccessContext, objectName: string, rights: RowRights): RecordActions {
  const may = (action: ObjectAction) => access.permissions.object(objectName)[action] && rights.editable;
  return {
    edit: may("edit"),
    delete: may("delete"),
    transfer: may("edit") && mayTransfer(access, objectName, rights.ownerId),
  };
}
