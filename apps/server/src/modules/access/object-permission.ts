import { KeduoError, type ObjectAction } from "@keduo/core";
import type { AccessContext } from "./access-context.ts";

/** The object-level right (read, create, edit, delete) from the caller's roles, or FORBIDDEN. */
export function assertObjectPermission(
  access: AccessContext,
  objectName: string,
  action: ObjectAction,
): void {
  if (!access.permissions.object(objectName)[action]) throw new KeduoError("FORBIDDEN");
}
