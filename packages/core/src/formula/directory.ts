import type { FormulaValueType } from "./formula-types.ts";
import type { FormulaSchema, FormulaSchemaField } from "./schema.ts";
import { type FormulaValue, toFormulaValue } from "./values.ts";

/**
 * The user directory as formulas see it: a user value (a user field, `owner_id`, `created_by`, …) can be
 * followed to the user's details, and from there to their manager and department, and a department to its
 * parent and head (`owner_id.manager.name`, `owner_id.department.head.name`). The names start with "@" so no object's API
 * name can collide with them.
 */
export const DIRECTORY_USER = "@user";
export const DIRECTORY_DEPARTMENT = "@department";
export type DirectoryKind = typeof DIRECTORY_USER | typeof DIRECTORY_DEPARTMENT;

const text = { kind: "value", type: "text" } as const;

const DIRECTORY: Record<DirectoryKind, ReadonlyMap<string, FormulaSchemaField>> = {
  [DIRECTORY_USER]: new Map<string, FormulaSchemaField>([
    ["name", text],
    ["email", text],
    /** The account may sign in (not disabled). */
    ["active", { kind: "value", type: "boolean" }],
    /** A user value, so it is followed like any other (`owner_id.manager.email`). */
    ["manager", { kind: "value", type: "user" }],
    ["department", { kind: "relation", target: DIRECTORY_DEPARTMENT }],
  ]),
  [DIRECTORY_DEPARTMENT]: new Map<string, FormulaSchemaField>([
    ["name", text],
    ["parent", { kind: "relation", target: DIRECTORY_DEPARTMENT }],
    /** The department's head, a user value (`owner_id.department.head.email`): who approves for the team. */
    ["head", { kind: "value", type: "user" }],
  ]),
};

/** What a name means on a user or a department; undefined for names that are not there. */
export function directoryField(object: string, name: string): FormulaSchemaField | undefined {
  return DIRECTORY[object as DirectoryKind]?.get(name);
}

/** Where following `name` from an entry of `kind` leads: another kind of entry, or null for a plain value. */
export function directoryHop(kind: DirectoryKind, name: string): DirectoryKind | null {
  const field = directoryField(kind, name);
  if (!field) return null;
  if (field.kind === "value") return field.type === "user" ? DIRECTORY_USER : null;
  return field.target as DirectoryKind;
}

/** The schema with the directory's names added, for the checker and autocomplete. */
export function withDirectory(schema: FormulaSchema): FormulaSchema {
  return {
    field: (object, name) => directoryField(object, name) ?? schema.field(object, name),
    fields: (object) => {
      const own = DIRECTORY[object as DirectoryKind];
      return own ? [...own.entries()] : schema.fields(object);
    },
  };
}

/**
 * Where the evaluator reads users and departments. An entry holds the names of the directory: `name`,
 * `email`, `active`, and the ids `manager` and `department` for a user; `name` and the ids `parent` and
 * `head` for a department. Null when there is no such entry (a BLANK, as a missing related record is).
 */
export interface FormulaDirectory {
  find(kind: DirectoryKind, id: string): Readonly<Record<string, unknown>> | null;
}

/**
 * The value at the end of `path` from the user `userId`, as the SQL joins of the same path give it: a missing
 * user, manager or department on the way reads as BLANK.
 */
export function readDirectory(
  directory: FormulaDirectory,
  userId: FormulaValue,
  path: readonly string[],
  type: FormulaValueType,
): FormulaValue {
  let kind: DirectoryKind = DIRECTORY_USER;
  let id = typeof userId === "string" ? userId : null;
  for (const [index, name] of path.entries()) {
    const entry = id === null ? null : directory.find(kind, id);
    if (!entry) return null;
    const raw = entry[name] ?? null;
    if (index === path.length - 1) return toFormulaValue(raw, type);
    const next = directoryHop(kind, name);
    if (!next) throw new Error(`formula directory: ${kind}.${name} cannot be followed`);
    kind = next;
    id = typeof raw === "string" ? raw : null;
  }
  return null;
}
