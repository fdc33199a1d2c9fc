import { KeduoError } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import {
  type AccessContext,
  type AccessService,
  activeUserIdentity,
  holdsTransferRight,
  restrictModel,
} from "../access/index.ts";
import { modelOrThrow } from "../metadata/index.ts";
import type { RecordReads } from "./record-reads.ts";

/** What one user may do with one object, as the access layer decides it for them ("view as this user"). */
export interface ViewAs {
  user_id: string;
  object: string;
  rights: {
    read: boolean;
    create: boolean;
    edit: boolean;
    delete: boolean;
    claim: boolean;
    transfer: boolean;
  };
  /** Records the user may read now, counted with their own row predicate; and all live records. */
  readable: number;
  total: number;
  fields: Array<{ api_name: string; access: "editable" | "read_only" | "hidden" }>;
}

/**
 * "View as" for an admin checking a setup: the user's rights on the object, their field access, and how many
 * records they may read — computed by the same access layer every request of theirs goes through, so what it
 * shows is what they get. Two counts (theirs and everyone's), each one statement.
 */
export async function viewAs(
  deps: { database: Database; access: AccessService; reads: RecordReads },
  admin: AccessContext,
  userId: string,
  objectName: string,
): Promise<ViewAs> {
  const identity = await activeUserIdentity(deps.database.db, userId);
  if (!identity)
    throw new KeduoError("VALIDATION_FAILED", {
      issues: [{ field: "user", code: "invalid_reference", params: { value: userId } }],
    });
  const access = await deps.access.contextFor(identity, deps.database.db);
  const full = modelOrThrow(access.snapshot, objectName);
  const rights = access.permissions.object(objectName);
  const visible = new Set(restrictModel(full, access).fields.map((f) => f.apiName));
  // Exact, however many: an admin checking a setup compares the two figures, and a planner's estimate of a
  // row predicate is the least reliable kind (ADR 0035). A check run now and then may read the table.
  const count = async (as: AccessContext) =>
    as.permissions.object(objectName).read
      ? ((await deps.reads.list(objectName, { limit: 1, count: "exact", fields: [] }, as)).total ?? 0)
      : 0;
  return {
    user_id: userId,
    object: objectName,
    rights: {
      read: rights.read,
      create: rights.create,
      edit: rights.edit,
      delete: rights.delete,
      claim: rights.claim,
      transfer: holdsTransferRight(access, objectName),
    },
    readable: await count(access),
    total: await count(admin),
    fields: full.fields.map((field) => ({
      api_name: field.apiName,
      access: visible.has(field.apiName) ? access.permissions.field(objectName, field.apiName) : "hidden",
    })),
  };
}
