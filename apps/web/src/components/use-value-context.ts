import { useMemo } from "react";
import { divisionNames, useDepartments, useDivisions } from "../api/metadata.queries.ts";
import { useCurrentUser } from "../api/session.ts";
import type { FieldMeta, ObjectMeta } from "../api/types.ts";
import type { ValueContext } from "./field-value.tsx";

/** Names of places and departments behind ids, loaded only when the fields shown need them (people: PersonName). */
export function useValueContext(objects: ObjectMeta[], fields: FieldMeta[]): ValueContext {
  const currentUser = useCurrentUser();
  const hasAddress = fields.some((f) => f.type === "address");
  const hasDepartment = fields.some((f) => f.type === "department");
  const divisions = useDivisions(hasAddress);
  const departments = useDepartments(hasDepartment);
  return useMemo(
    () => ({
      objects,
      currentUser,
      divisions: hasAddress ? divisionNames(divisions.data) : undefined,
      departments: departments.data ? new Map(departments.data.map((d) => [d.id, d.name])) : undefined,
    }),
    [objects, currentUser, hasAddress, divisions.data, departments.data],
  );
}
