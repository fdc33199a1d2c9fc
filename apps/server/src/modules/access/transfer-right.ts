import type { AccessContext } from "./access-context.ts";

/**
 * Who may choose a record's owner for others (ADR 0024): the system, holders of `transfer_records`, and
 * those who may change all records of the object.
 */
export function holdsTransferRight(access: AccessContext, objectName: string): boolean {
  return (
    access.kind === "system" ||
    access.permissions.system.transfer_records ||
    access.permissions.object(objectName).modify_all
  );
}
