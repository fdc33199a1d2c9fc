import type { RolePermissions, Translatable } from "@keduo/core";
import type { ApiClient } from "../lib/api-client.ts";
import { progress } from "../lib/progress.ts";
import { label } from "../lib/words.ts";

/**
 * The sales organisation of the access benchmark, as plain data (it is part of the template key):
 *
 *   销售总部 (HQ: the director)
 *   ├── 4 regions (a regional manager each, reporting to the director)
 *   │   └── 15 teams, 4 + 4 + 4 + 3 (a team lead each, reporting to the regional manager)
 *   │       └── 180 reps (11 per team in the first three regions, 16 in the last; reporting to their lead)
 *
 * 200 users in 20 departments, three levels of managers above the reps. Every user owns 1/200 of the records
 * (0.5 %), so a regional manager's branch (49 or 52 users) covers 24.5–26 % of them and a team lead's 6–8.5 %.
 */
export interface OrgPlan {
  departments: DepartmentPlan[];
  roles: RolePlan[];
  users: UserPlan[];
  rules: RulePlan[];
  /** Manual shares: `perUser` random records shared with each user, `perDepartment` with each department. */
  shares: { perUser: number; perDepartment: number };
  password: string;
}

export interface DepartmentPlan {
  key: string;
  name: string;
  parent: string | null;
}

export interface RolePlan {
  apiName: string;
  labels: Translatable;
  permissions: RolePermissions;
}

export type Tier = "director" | "regional" | "lead" | "rep";

export interface UserPlan {
  key: string;
  email: string;
  name: string;
  tier: Tier;
  department: string;
  manager: string | null;
  roles: string[];
}

export interface RulePlan {
  name: string;
  /** Criteria on the indexed `territory` field. */
  territories: string[];
  grantee: { kind: "department" | "role"; key: string };
  access: "read" | "edit";
}

export const TERRITORIES = Array.from({ length: 100 }, (_, i) => `T${String(i).padStart(2, "0")}`);
const REGION_NAMES = ["华东大区", "华北大区", "华南大区", "西部大区"];
const TEAMS_PER_REGION = [4, 4, 4, 3];
const REPS_PER_TEAM = [11, 11, 11, 16];
const WORK: RolePermissions["default_objects"] = { read: true, create: true, edit: true, delete: true };

export function orgPlan(): OrgPlan {
  const departments: DepartmentPlan[] = [{ key: "hq", name: "销售总部", parent: null }];
  const users: UserPlan[] = [];
  const user = (key: string, tier: Tier, department: string, manager: string | null, roles: string[]) => {
    users.push({
      key,
      email: `${key}@access.bench.keduo.local`,
      name: key,
      tier,
      department,
      manager,
      roles,
    });
  };
  user("director", "director", "hq", null, ["sales_manager"]);
  let team = 0;
  REGION_NAMES.forEach((regionName, r) => {
    const region = `region${r}`;
    departments.push({ key: region, name: regionName, parent: "hq" });
    user(`${region}-manager`, "regional", region, "director", ["sales_manager"]);
    for (let t = 0; t < TEAMS_PER_REGION[r]!; t++, team++) {
      const key = `team${String(team).padStart(2, "0")}`;
      departments.push({ key, name: `${regionName}${t + 1}组`, parent: region });
      user(`${key}-lead`, "lead", key, `${region}-manager`, ["sales_manager"]);
      for (let p = 0; p < REPS_PER_TEAM[r]!; p++) {
        // Rep 01 of each team is a key-account rep, rep 02 sells through channels, rep 03 of every third team
        // does presales as well: the role-based rules reach a few reps in every team.
        const roles = ["sales_rep"];
        if (p === 1) roles.push("key_account");
        if (p === 2) roles.push("channel_sales");
        if (p === 3 && team % 3 === 0) roles.push("presales");
        user(`${key}-rep${String(p).padStart(2, "0")}`, "rep", key, `${key}-lead`, roles);
      }
    }
  });
  const roles: RolePlan[] = [
    { apiName: "sales_rep", labels: label("销售代表", "Sales rep"), permissions: { default_objects: WORK } },
    {
      apiName: "sales_manager",
      labels: label("销售经理", "Sales manager"),
      permissions: { default_objects: WORK, system: { transfer_records: true } },
    },
    { apiName: "key_account", labels: label("大客户", "Key account"), permissions: {} },
    { apiName: "channel_sales", labels: label("渠道销售", "Channel sales"), permissions: {} },
    { apiName: "presales", labels: label("售前", "Presales"), permissions: {} },
  ];
  // 20 rules on `territory` (100 values, 1 % of the records each): 12 teams get one territory, the 4 regions two
  // each (with their sub-departments), and 4 roles one to three.
  const rules: RulePlan[] = [];
  for (let t = 0; t < 12; t++) {
    const key = `team${String(t).padStart(2, "0")}`;
    rules.push({
      name: `${key} territory`,
      territories: [TERRITORIES[t]!],
      grantee: { kind: "department", key },
      access: t % 4 === 0 ? "edit" : "read",
    });
  }
  for (let r = 0; r < 4; r++) {
    rules.push({
      name: `region${r} territories`,
      territories: [TERRITORIES[20 + 2 * r]!, TERRITORIES[21 + 2 * r]!],
      grantee: { kind: "department", key: `region${r}` },
      access: "read",
    });
  }
  rules.push(
    {
      name: "key accounts",
      territories: TERRITORIES.slice(90, 92),
      grantee: { kind: "role", key: "key_account" },
      access: "edit",
    },
    {
      name: "managers' watch list",
      territories: TERRITORIES.slice(92, 95),
      grantee: { kind: "role", key: "sales_manager" },
      access: "read",
    },
    {
      name: "channel deals",
      territories: [TERRITORIES[95]!],
      grantee: { kind: "role", key: "channel_sales" },
      access: "read",
    },
    {
      name: "presales support",
      territories: [TERRITORIES[96]!],
      grantee: { kind: "role", key: "presales" },
      access: "edit",
    },
  );
  return {
    departments,
    roles,
    users,
    rules,
    shares: { perUser: 2, perDepartment: 2 },
    password: "bench-pass-2026",
  };
}

/** Who is measured, by user key. The rep is a plain one (no role-based rule applies to them). */
export const PRINCIPALS = {
  rep: "team00-rep00",
  lead: "team00-lead",
  manager: "region0-manager",
  director: "director",
} as const;

export interface CreatedOrg {
  departments: Map<string, string>;
  roles: Map<string, string>;
  users: Map<string, string>;
}

/**
 * Creates the organisation through the API, as an administrator would: departments, roles, users with their
 * managers (so Keduo maintains the hierarchy closure) and sharing rules (versioned with the metadata).
 */
export async function createOrg(
  api: ApiClient,
  plan: OrgPlan,
  object: string,
  scope: string,
): Promise<CreatedOrg> {
  const departments = new Map<string, string>();
  for (const department of plan.departments) {
    const parent = department.parent ? departments.get(department.parent) : undefined;
    const created = await api.expect<{ id: string }>(
      "POST",
      "/api/org/departments",
      { name: department.name, ...(parent ? { parent_id: parent } : {}) },
      201,
    );
    departments.set(department.key, created.id);
  }
  const roles = new Map<string, string>();
  for (const role of plan.roles) {
    const created = await api.expect<{ id: string }>(
      "POST",
      "/api/meta/roles",
      {
        api_name: role.apiName,
        labels: role.labels,
        permissions: role.permissions,
      },
      201,
    );
    roles.set(role.apiName, created.id);
  }
  progress(
    scope,
    `created ${departments.size} departments and ${roles.size} roles; creating ${plan.users.length} users`,
  );
  const users = new Map<string, string>();
  for (const user of plan.users) {
    const created = await api.expect<{ user: { id: string } }>(
      "POST",
      "/api/users",
      {
        email: user.email,
        name: user.name,
        password: plan.password,
        roles: user.roles,
        department_id: departments.get(user.department),
        ...(user.manager ? { manager_id: users.get(user.manager) } : {}),
      },
      201,
    );
    users.set(user.key, created.user.id);
  }
  for (const rule of plan.rules) {
    const grantee =
      rule.grantee.kind === "department" ? departments.get(rule.grantee.key) : roles.get(rule.grantee.key);
    await api.expect(
      "POST",
      `/api/meta/objects/${object}/sharing-rules`,
      {
        name: rule.name,
        filter:
          rule.territories.length === 1
            ? { territory: { eq: rule.territories[0] } }
            : { territory: { in: rule.territories } },
        grantee_kind: rule.grantee.kind,
        grantee_id: grantee,
        access: rule.access,
      },
      201,
    );
  }
  progress(scope, `created ${users.size} users and ${plan.rules.length} sharing rules`);
  return { departments, roles, users };
}
