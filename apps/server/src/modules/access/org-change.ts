import type { Clock } from "@keduo/core";
import type { Trx } from "../../db/database.ts";
import { type AuditEntry, appendAudit } from "../audit/index.ts";

/** Who changes roles, departments or sharing, for the audit log. */
export interface Actor {
  userId: string | null;
  ip: string | null;
}

/** One audit row of an access change, in the change's transaction. */
export function auditChange(
  trx: Trx,
  clock: Clock,
  actor: Actor,
  entry: Omit<AuditEntry, "actorId" | "ip">,
): Promise<void> {
  return appendAudit(trx, [{ ...entry, actorId: actor.userId, ip: actor.ip }], clock.now());
}

/** A reference to a row that does not exist, reported like the foreign key would be, as a 400 on the field. */
export function invalidReference(field: string, value: string) {
  return { field, code: "invalid_reference", params: { value } };
}

/** Whether a user, role or department with this id exists (checked before a foreign key would answer 500). */
export async function orgRowExists(
  trx: Trx,
  table: "users" | "roles" | "departments",
  id: string,
): Promise<boolean> {
  return (await trx.selectFrom(table).select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}
