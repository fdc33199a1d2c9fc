/**
 * Role permissions and how several roles combine. Pure data and logic: the server turns the result into SQL
 * predicates and field masks (apps/server/src/modules/access).
 */

/**
 * `claim`: take an unowned record of the object (a lead in the pool) as one's own, and see the unowned ones
 * under private sharing (ADR 0024).
 */
export const OBJECT_ACTIONS = [
  "read",
  "create",
  "edit",
  "delete",
  "claim",
  "view_all",
  "modify_all",
] as const;
export type ObjectAction = (typeof OBJECT_ACTIONS)[number];
export type ObjectPermissions = Record<ObjectAction, boolean>;

export const FIELD_ACCESS_LEVELS = ["hidden", "read_only", "editable"] as const;
export type FieldAccess = (typeof FIELD_ACCESS_LEVELS)[number];

export const SYSTEM_PERMISSIONS = [
  "manage_metadata",
  "manage_users",
  "manage_sharing",
  "view_audit_log",
  "transfer_records",
  "view_all_data",
  "modify_all_data",
] as const;
export type SystemPermission = (typeof SYSTEM_PERMISSIONS)[number];

/** What a role grants, as stored on the role. Objects not listed get `default_objects`. */
export interface RolePermissions {
  system?: Partial<Record<SystemPermission, boolean>>;
  default_objects?: Partial<ObjectPermissions>;
  objects?: Record<string, Partial<ObjectPermissions>>;
  /** Per object, per field; fields not listed are editable (subject to the field's own read-only flag). */
  fields?: Record<string, Record<string, FieldAccess>>;
}

/** The union of a user's roles: a right held by any role is held. */
export interface EffectivePermissions {
  system: Record<SystemPermission, boolean>;
  object(objectName: string): ObjectPermissions;
  field(objectName: string, fieldName: string): FieldAccess;
}

const NO_OBJECT_RIGHTS: ObjectPermissions = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  claim: false,
  view_all: false,
  modify_all: false,
};

const FIELD_RANK: Record<FieldAccess, number> = { hidden: 0, read_only: 1, editable: 2 };

function normaliseObject(rights: Partial<ObjectPermissions> | undefined): ObjectPermissions {
  const result = { ...NO_OBJECT_RIGHTS };
  for (const action of OBJECT_ACTIONS) result[action] = rights?.[action] === true;
  // Higher rights imply the lower ones they need, so a role cannot say "edit" without "read".
  if (result.modify_all)
    Object.assign(result, {
      view_all: true,
      create: true,
      edit: true,
      delete: true,
      claim: true,
      read: true,
    });
  if (result.view_all) result.read = true;
  if (result.edit || result.delete || result.create || result.claim) result.read = true;
  return result;
}

/**
 * Combines roles. `view_all_data` / `modify_all_data` grant every object's view_all / modify_all.
 * @example combinePermissions([{ objects: { deal: { read: true } } }]).object("deal").read // true
 */
export function combinePermissions(roles: readonly RolePermissions[]): EffectivePermissions {
  const system = Object.fromEntries(
    SYSTEM_PERMISSIONS.map((p) => [p, roles.some((r) => r.system?.[p] === true)]),
  ) as Record<SystemPermission, boolean>;
  const objectCache = new Map<string, ObjectPermissions>();
  return {
    system,
    object(objectName) {
      const cached = objectCache.get(objectName);
      if (cached) return cached;
      const combined = { ...NO_OBJECT_RIGHTS };
      for (const role of roles) {
        const rights = normaliseObject(role.objects?.[objectName] ?? role.default_objects);
        for (const action of OBJECT_ACTIONS) combined[action] ||= rights[action];
      }
      if (system.view_all_data) Object.assign(combined, normaliseObject({ ...combined, view_all: true }));
      if (system.modify_all_data) Object.assign(combined, normaliseObject({ ...combined, modify_all: true }));
      objectCache.set(objectName, combined);
      return combined;
    },
    field(objectName, fieldName) {
      let best: FieldAccess = "hidden";
      for (const role of roles) {
        const access = role.fields?.[objectName]?.[fieldName] ?? "editable";
        if (FIELD_RANK[access] > FIELD_RANK[best]) best = access;
      }
      return roles.length === 0 ? "hidden" : best;
    },
  };
}

/** Problems with a role's permission document, as (path, code) pairs; an empty list means valid. */
export function validateRolePermissions(input: unknown): Array<{ field: string; code: string }> {
  const issues: Array<{ field: string; code: string }> = [];
  if (input === null || typeof input !== "object" || Array.isArray(input))
    return [{ field: "permissions", code: "invalid_type" }];
  const permissions = input as Record<string, unknown>;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  for (const key of Object.keys(permissions)) {
    if (!["system", "default_objects", "objects", "fields"].includes(key))
      issues.push({ field: `permissions.${key}`, code: "unknown_field" });
  }
  const checkFlags = (value: unknown, allowed: readonly string[], path: string) => {
    if (value === undefined) return;
    if (!isRecord(value)) return issues.push({ field: path, code: "invalid_type" });
    for (const [name, flag] of Object.entries(value)) {
      if (!allowed.includes(name)) issues.push({ field: `${path}.${name}`, code: "unknown_field" });
      else if (typeof flag !== "boolean") issues.push({ field: `${path}.${name}`, code: "invalid_type" });
    }
  };
  checkFlags(permissions.system, SYSTEM_PERMISSIONS, "permissions.system");
  checkFlags(permissions.default_objects, OBJECT_ACTIONS, "permissions.default_objects");
  if (permissions.objects !== undefined) {
    if (!isRecord(permissions.objects)) issues.push({ field: "permissions.objects", code: "invalid_type" });
    else
      for (const [name, rights] of Object.entries(permissions.objects))
        checkFlags(rights, OBJECT_ACTIONS, `permissions.objects.${name}`);
  }
  if (permissions.fields !== undefined) {
    if (!isRecord(permissions.fields)) issues.push({ field: "permissions.fields", code: "invalid_type" });
    else {
      for (const [objectName, fields] of Object.entries(permissions.fields)) {
        if (!isRecord(fields)) {
          issues.push({ field: `permissions.fields.${objectName}`, code: "invalid_type" });
          continue;
        }
        for (const [fieldName, access] of Object.entries(fields)) {
          if (!(FIELD_ACCESS_LEVELS as readonly unknown[]).includes(access)) {
            issues.push({ field: `permissions.fields.${objectName}.${fieldName}`, code: "invalid_option" });
          }
        }
      }
    }
  }
  return issues;
}
