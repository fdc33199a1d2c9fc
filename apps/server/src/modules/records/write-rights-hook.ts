import { KeduoError } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { type AccessContext, holdsTransferRight } from "../access/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { WriteContext } from "./write-pipeline.ts";

/**
 * The authorize stage's rights beyond the object and row permissions (ADR 0024), checked in the service so
 * an engine calling it meets them like a route does: naming another owner (or none) on create, claiming an
 * unowned record, and removing records for good.
 */
export function writeRightsHook(schemas: Schemas) {
  return async (ctx: WriteContext) => {
    if (ctx.operation === "create") assertMayNameOwners(ctx);
    else if (ctx.operation === "claim") await assertUnowned(ctx, schemas);
    else if (ctx.deletion === "permanent") await assertMayRemoveForGood(ctx, schemas);
  };
}

/** Who may remove any record for good (and so empty the recycle bin): the rule the delete path applies. */
export function mayEmptyRecycleBin(access: AccessContext): boolean {
  return access.kind === "system" || access.permissions.system.modify_all_data;
}

function assertMayNameOwners(ctx: WriteContext) {
  const objectName = ctx.model.object.apiName;
  const others = ctx.records.some((r) => r.ownerId !== undefined && r.ownerId !== ctx.access.userId);
  if (others && !holdsTransferRight(ctx.access, objectName))
    throw new KeduoError("RECORD_OWNER_FORBIDDEN", { params: { object: objectName } });
}

/**
 * Locks the rows first (FOR UPDATE): of two concurrent claims the second waits for the first to commit, then
 * reads its owner and answers 409. A missing or deleted record is left to the row lock's 404 that follows.
 */
async function assertUnowned(ctx: WriteContext, schemas: Schemas) {
  // Only a person can be given a record; the system writes owners by transfer.
  if (ctx.access.kind === "system" || !ctx.access.userId) throw new KeduoError("FORBIDDEN");
  const objectName = ctx.model.object.apiName;
  const { rows } = await sql<{ id: string; owner_id: string | null }>`
    SELECT id, owner_id FROM ${objectTable(schemas, objectName)}
    WHERE id = ANY(${ctx.records.map((r) => r.id)}::uuid[]) AND deleted_at IS NULL FOR UPDATE`.execute(
    ctx.trx,
  );
  const owned = rows.find((row) => row.owner_id !== null);
  if (owned) throw new KeduoError("RECORD_ALREADY_OWNED", { params: { object: objectName, id: owned.id } });
}

/**
 * Removing rows for good skips the recycle bin: for those who may change all data. An import's undo removes
 * the records its run created as the importing user, who need not hold that right: it may remove records
 * that user created, and only those.
 */
async function assertMayRemoveForGood(ctx: WriteContext, schemas: Schemas) {
  const { access } = ctx;
  if (mayEmptyRecycleBin(access)) return;
  if (ctx.origin.source === "undo" && access.userId) {
    const { rows } = await sql<{ others: number }>`
      SELECT count(*)::int AS others FROM ${objectTable(schemas, ctx.model.object.apiName)}
      WHERE id = ANY(${ctx.records.map((r) => r.id)}::uuid[]) AND created_by IS DISTINCT FROM ${access.userId}`.execute(
      ctx.trx,
    );
    if (rows[0]?.others === 0) return;
  }
  throw new KeduoError("FORBIDDEN");
}
