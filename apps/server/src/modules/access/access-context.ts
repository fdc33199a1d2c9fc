import { combinePermissions, type EffectivePermissions, type MetadataSnapshot } from "@keduo/core";
import type { AccessConfig, SharingRule } from "./access-config.ts";

/**
 * Who is acting and what they may do, resolved once per request (or per job) against one metadata version.
 * Every read and write of records takes one; there is no code path without it.
 */
export interface AccessContext {
  kind: "user" | "system";
  userId: string | null;
  departmentId: string | null;
  /** The user's department and every department above it (sharing rules may include sub-departments). */
  departmentAncestry: readonly string[];
  roleIds: readonly string[];
  permissions: EffectivePermissions;
  snapshot: MetadataSnapshot;
  /** Sharing rules of `object` whose grantee includes this user. */
  rulesFor(object: string): SharingRule[];
}

export interface UserIdentity {
  userId: string;
  departmentId: string | null;
  roles: readonly string[];
}

export function userAccessContext(
  user: UserIdentity,
  config: AccessConfig,
  snapshot: MetadataSnapshot,
): AccessContext {
  const roles = user.roles.map((name) => config.rolesByName.get(name)).filter((r) => r !== undefined);
  const roleIds = roles.map((r) => r.id);
  const departmentAncestry = user.departmentId
    ? (config.departmentAncestry.get(user.departmentId) ?? [user.departmentId])
    : [];
  const applies = (rule: SharingRule) =>
    rule.granteeKind === "role"
      ? roleIds.includes(rule.granteeId)
      : rule.includeSubdepartments
        ? departmentAncestry.includes(rule.granteeId)
        : user.departmentId === rule.granteeId;
  const byObject = new Map<string, SharingRule[]>();
  for (const rule of config.rules.filter(applies))
    byObject.set(rule.object, [...(byObject.get(rule.object) ?? []), rule]);
  return {
    kind: "user",
    userId: user.userId,
    departmentId: user.departmentId,
    departmentAncestry,
    roleIds,
    permissions: combinePermissions(roles.map((r) => r.permissions)),
    snapshot,
    rulesFor: (object) => byObject.get(object) ?? [],
  };
}

const SYSTEM_PERMISSIONS = combinePermissions([
  {
    system: {
      manage_metadata: true,
      manage_users: true,
      manage_sharing: true,
      view_audit_log: true,
      transfer_records: true,
      view_all_data: true,
      modify_all_data: true,
    },
  },
]);

/** Keduo itself acting (migrations, automations, imports): sees and changes everything, on purpose and by name. */
export function systemAccessContext(snapshot: MetadataSnapshot): AccessContext {
  return {
    kind: "system",
    userId: null,
    departmentId: null,
    departmentAncestry: [],
    roleIds: [],
    permissions: SYSTEM_PERMISSIONS,
    snapshot,
    rulesFor: () => [],
  };
}
