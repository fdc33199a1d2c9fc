import { useMemo } from "react";
import { divisionNames, useDepartments, useDivisions, useUsers } from "../api/metadata.queries.ts";
import { isAdminUser, useCurrentUser } from "../api/session.ts";
import type { FieldMeta, ObjectMeta } from "../api/types.ts";
import type { ValueContext } from "./field-value.tsx";

/** Names, users and places behind ids, loaded only when the fields shown need them. */
export function useValueContext(objects: ObjectMeta[], fields: FieldMeta[]): ValueContext {
  const currentUser = useCurrentUser();
  const hasAddress = fields.some((f) => f.type === "address");
  const hasUser = fields.some((f) => f.type === "user");
  const hasDepartment = fields.some((f) => f.type === "department");
  const divisions = useDivisions(hasAddress);
  const departments = useDepartments(hasDepartment);
  const users = useUsers(hasUser && isAdminUser(currentUser));
  return useMemo(
    () => ({
      objects,
      currentUser,
      divisions: hasAddress ? divisionNames(divisions.data) : undefined,
      users: users.data ? new Map(users.data.map((u) => [u.id, u])) : undefined,
      departments: departments.data ? new Map(departments.data.map((d) => [d.id, d.name])) : undefined,
    }),
    [objects, currentUser, hasAddress, divisions.data, users.data, departments.data],
  );
}
