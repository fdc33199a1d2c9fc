import type { Clock } from "@keduo/core";
import { pinyin } from "pinyin-pro";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import { createAccessModule } from "../access/index.ts";
import { createAuthService } from "../auth/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import { type Rng, streamFor } from "./random.ts";
import type { Region } from "./regions.ts";
import { GIVEN_NAMES, SURNAMES } from "./words.ts";

export type Team = Region | "key_accounts";
export const TEAMS: readonly Team[] = ["east", "south", "north", "west", "key_accounts"];

/** Reps per team: 25 in the four regional teams and key accounts (JOURNEYS.md). */
const REPS_PER_TEAM: Record<Team, number> = { east: 6, south: 6, north: 5, west: 4, key_accounts: 4 };
const TEAM_NAMES: Record<Team, string> = {
  east: "华东销售组",
  south: "华南销售组",
  north: "华北销售组",
  west: "西部销售组",
  key_accounts: "大客户组",
};

export const DEMO_EMAIL_DOMAIN = "demo.keduo.local";

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  /** The role's API name in templates/crm/roles.json. */
  role: string;
  /** What the logins table says: 华东销售组经理. */
  title: string;
  team: Team | null;
}

export interface DemoOrg {
  director: DemoUser;
  managers: Record<Team, DemoUser>;
  reps: Record<Team, DemoUser[]>;
  csms: DemoUser[];
  engineers: DemoUser[];
  finance: DemoUser[];
  legal: DemoUser[];
  /** Everyone, in the order they were created: director, managers, reps, the other departments. */
  everyone: DemoUser[];
}

interface Planned {
  key: string;
  name: string;
  email: string;
  role: string;
  title: string;
  team: Team | null;
  department: string;
  /** The key of their manager, if any. */
  manager: string | null;
}

/** Unique people with Chinese names and pinyin emails, the same for a seed. */
function namesFor(rng: Rng, count: number): Array<{ name: string; email: string }> {
  const names = new Set<string>();
  const emails = new Set<string>();
  const people: Array<{ name: string; email: string }> = [];
  while (people.length < count) {
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
    if (names.has(name)) continue;
    names.add(name);
    const base = pinyin(name, { toneType: "none", type: "array", surname: "head" })
      .join("")
      .replaceAll("ü", "v");
    let local = base;
    for (let n = 2; emails.has(local); n++) local = `${base}${n}`;
    emails.add(local);
    people.push({ name, email: `${local}@${DEMO_EMAIL_DOMAIN}` });
  }
  return people;
}

/** Who works where: the director, a manager and reps per sales team, then service, success, finance, legal. */
export function planOrg(seed: number): Planned[] {
  const plan: Array<Omit<Planned, "name" | "email">> = [
    { key: "director", role: "director", title: "销售总监", team: null, department: "sales", manager: null },
  ];
  for (const team of TEAMS) {
    const manager = `manager:${team}`;
    plan.push({
      key: manager,
      role: "sales_manager",
      title: `${TEAM_NAMES[team]}经理`,
      team,
      department: team,
      manager: "director",
    });
    for (let i = 0; i < REPS_PER_TEAM[team]; i++)
      plan.push({
        key: `rep:${team}:${i}`,
        role: "sales_rep",
        title: `${TEAM_NAMES[team]}销售`,
        team,
        department: team,
        manager,
      });
  }
  const staff = (prefix: string, count: number, role: string, title: string, lead: string) => {
    for (let i = 0; i < count; i++)
      plan.push({
        key: `${prefix}:${i}`,
        role,
        title: i === 0 ? lead : title,
        team: null,
        department: prefix,
        manager: i === 0 ? null : `${prefix}:0`,
      });
  };
  staff("success", 3, "customer_success", "客户成功经理", "客户成功主管");
  staff("service", 6, "service", "服务工程师", "服务主管");
  staff("finance", 2, "finance", "财务专员", "财务经理");
  staff("legal", 1, "legal", "法务专员", "法务经理");
  const names = namesFor(streamFor(seed, "people"), plan.length);
  return plan.map((person, i) => ({ ...person, ...names[i]! }));
}

const DEPARTMENTS: ReadonlyArray<readonly [key: string, name: string, parent: string | null]> = [
  ["sales", "销售部", null],
  ...TEAMS.map((team) => [team, TEAM_NAMES[team], "sales"] as const),
  ["success", "客户成功部", null],
  ["service", "服务部", null],
  ["finance", "财务部", null],
  ["legal", "法务部", null],
];

/** The head of each department: the director for 销售部, the team's manager, the department's lead. */
const headOf = (department: string) =>
  department === "sales"
    ? "director"
    : TEAMS.includes(department as Team)
      ? `manager:${department}`
      : `${department}:0`;

/**
 * Creates the departments and users through the services the admin API uses (passwords hashed, roles
 * resolved, the manager hierarchy rebuilt, every change audited), then names each department's head.
 */
export async function createOrg(
  deps: { database: Database; metadata: MetadataService; clock: Clock; config: ServerConfig },
  options: { seed: number; password: string },
): Promise<DemoOrg> {
  const { departments } = createAccessModule({ ...deps, timeZone: deps.config.timeZone });
  const auth = createAuthService(deps);
  const actor = { userId: null, ip: null };
  const departmentIds = new Map<string, string>();
  for (const [position, [key, name, parent]] of DEPARTMENTS.entries()) {
    const parentId = parent ? departmentIds.get(parent)! : null;
    const row = await departments.create({ name, parent_id: parentId, position }, actor);
    departmentIds.set(key, row.id);
  }
  const plan = planOrg(options.seed);
  const ids = new Map<string, string>();
  await auth.transaction(async (trx) => {
    for (const person of plan) {
      const user = await auth.createUser(trx, {
        email: person.email,
        name: person.name,
        password: options.password,
        roles: [person.role],
        locale: "zh-CN",
        department_id: departmentIds.get(person.department)!,
        manager_id: person.manager ? ids.get(person.manager)! : null,
      });
      ids.set(person.key, user.id);
    }
  });
  for (const [key] of DEPARTMENTS)
    await departments.update(departmentIds.get(key)!, { head_user_id: ids.get(headOf(key))! }, actor);

  const user = (key: string): DemoUser => {
    const person = plan.find((p) => p.key === key)!;
    const { name, email, role, title, team } = person;
    return { id: ids.get(key)!, name, email, role, title, team };
  };
  const keys = (prefix: string) => plan.filter((p) => p.key.startsWith(`${prefix}:`)).map((p) => user(p.key));
  const byTeam = <T>(make: (team: Team) => T) =>
    Object.fromEntries(TEAMS.map((team) => [team, make(team)])) as Record<Team, T>;
  return {
    director: user("director"),
    managers: byTeam((team) => user(`manager:${team}`)),
    reps: byTeam((team) => keys(`rep:${team}`)),
    csms: keys("success"),
    engineers: keys("service"),
    finance: keys("finance"),
    legal: keys("legal"),
    everyone: plan.map((p) => user(p.key)),
  };
}
