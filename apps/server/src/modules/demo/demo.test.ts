import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { applyTemplateOnFirstStart } from "../templates/index.ts";
import { DEMO_OBJECTS, type DemoOutcome, fillDemoCompany } from "./index.ts";

const SCALE = 50;
const SEED = 7;
const PASSWORD = "demo-secret-2026";
/** The organisation settings the demo reads (its time zone): the defaults, as the test apps run. */
const config = loadConfig({});

type Filled = Extract<DemoOutcome, { created: true }>;
let first: { app: TestApp; outcome: Filled };
let second: { app: TestApp; outcome: Filled };

async function demoApp(seed: number) {
  const app = await startTestApp({ now: new Date("2026-03-15T02:00:00Z") });
  await applyTemplateOnFirstStart(app.server, "crm");
  const outcome = await fillDemoCompany(app.server, config, { seed, scale: SCALE, password: PASSWORD });
  if (!outcome.created) throw new Error(`no demo: ${outcome.reason}`);
  return { app, outcome };
}

beforeAll(async () => {
  first = await demoApp(SEED);
  second = await demoApp(SEED);
}, 240_000);

afterAll(async () => {
  await first?.app.close();
  await second?.app.close();
});

async function list(client: HttpClient, object: string): Promise<Array<Record<string, unknown>>> {
  const response = await client.get(`/api/records/${object}?limit=1000`);
  expect(response.status, response.text).toBe(200);
  return response.body.records;
}

describe(`the demo company (${testEngine})`, () => {
  it("builds the org: sales teams under 销售部 with their heads, success, service, finance and legal", async () => {
    const { app, outcome } = first;
    const departments = (await app.admin.get("/api/org/departments")).body.departments as Array<{
      name: string;
      parent_id: string | null;
      id: string;
      head_user_id: string | null;
    }>;
    const byName = new Map(departments.map((d) => [d.name, d]));
    for (const team of ["华东销售组", "华南销售组", "华北销售组", "西部销售组", "大客户组"])
      expect(byName.get(team)?.parent_id).toBe(byName.get("销售部")!.id);
    for (const name of ["客户成功部", "服务部", "财务部", "法务部"])
      expect(byName.get(name)?.parent_id).toBeNull();
    expect(departments.every((d) => d.head_user_id)).toBe(true);
    const roles = outcome.users.map((u) => u.role);
    const count = (role: string) => roles.filter((r) => r === role).length;
    expect([count("director"), count("sales_manager"), count("sales_rep")]).toEqual([1, 5, 25]);
    expect([count("customer_success"), count("service"), count("finance"), count("legal")]).toEqual([
      3, 6, 2, 1,
    ]);
  });

  it("lets its people sign in with the demo password and shows a rep their own records in every object", async () => {
    const { app, outcome } = first;
    const reps = outcome.users.filter((u) => u.role === "sales_rep");
    const repIds = new Set(reps.map((r) => r.id));
    // Every owned object has records owned by reps.
    for (const object of ["account", "contact", "lead", "opportunity", "quote", "quote_line", "contract"]) {
      const rows = await list(app.admin, object);
      expect(rows.filter((row) => repIds.has(String(row.owner_id))).length, object).toBeGreaterThan(0);
    }
    for (const object of ["payment_plan", "payment", "activity", "task"]) {
      const rows = await list(app.admin, object);
      expect(
        rows.some((row) => repIds.has(String(row.owner_id))),
        object,
      ).toBe(true);
    }
    expect((await list(app.admin, "ticket")).some((t) => t.type === "complaint")).toBe(true);
    // A rep of the busiest team signs in and sees the accounts they own and tasks due today.
    const accounts = await list(app.admin, "account");
    const owners = accounts.map((a) => String(a.owner_id));
    const rep = reps.sort(
      (a, b) => owners.filter((o) => o === b.id).length - owners.filter((o) => o === a.id).length,
    )[0]!;
    const client = await app.login(rep.email, PASSWORD);
    const me = (await client.get("/api/auth/me")).body.user;
    expect(me).toMatchObject({ email: rep.email, roles: ["sales_rep"] });
    const mine = await list(client, "account");
    expect(mine.length).toBe(owners.filter((o) => o === rep.id).length);
    const tasks = await list(client, "task");
    const today = "2026-03-15";
    expect(tasks.some((t) => t.due_date === today && t.status === "open")).toBe(true);
    expect(tasks.some((t) => String(t.due_date) < today && t.status === "open")).toBe(true);
    expect(tasks.some((t) => String(t.due_date) > today)).toBe(true);
  });

  it("has opportunities in every stage of both pipelines, filled as each stage's gate asks", async () => {
    const opportunities = await list(first.app.admin, "opportunity");
    const { pipelines } = (await first.app.admin.get("/api/meta/objects/opportunity/pipelines")).body as {
      pipelines: Array<{ api_name: string; stages: Array<{ value: string }> }>;
    };
    const stages = pipelines.flatMap((p) => p.stages.map((s) => `${p.api_name}:${s.value}`));
    expect(stages.length).toBe(24);
    const present = new Set(opportunities.map((o) => `${o.pipeline}:${o.stage}`));
    expect(stages.filter((s) => !present.has(s))).toEqual([]);
    for (const o of opportunities) {
      if (o.stage === "won") expect(o.amount && o.close_date, String(o.name)).toBeTruthy();
      if (o.stage === "lost") expect(o.lost_reason).toBeTruthy();
      if (o.stage === "proposal" || o.stage === "quotation") expect(o.amount && o.close_date).toBeTruthy();
    }
    const contracts = await list(first.app.admin, "contract");
    expect(contracts.some((c) => c.status === "active" && String(c.end_date) > "2026-03-15")).toBe(true);
    expect(contracts.some((c) => (c.amount as { currency: string }).currency === "CNY")).toBe(true);
  });

  it("makes the same company from the same seed", async () => {
    const fingerprint = async ({ app, outcome }: typeof first) => {
      const email = new Map(outcome.users.map((u) => [u.id, u.email]));
      const parts: string[] = [];
      for (const object of DEMO_OBJECTS) {
        const rows = await list(app.admin, object);
        const stable = rows.map(
          (row) =>
            `${Object.entries(row)
              .filter(([key, value]) => !/^(id|created_at|updated_at|version)$/.test(key) && !isId(value))
              .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
              .join("|")}|owner=${email.get(String(row.owner_id)) ?? ""}`,
        );
        parts.push(`${object}:${stable.sort().join("\n")}`);
      }
      return createHash("sha256").update(parts.join("\n\n")).digest("hex");
    };
    expect(second.outcome.counts).toEqual(first.outcome.counts);
    expect(second.outcome.users.map((u) => [u.name, u.email, u.role])).toEqual(
      first.outcome.users.map((u) => [u.name, u.email, u.role]),
    );
    expect(await fingerprint(second)).toBe(await fingerprint(first));
  });

  it("fills once: a second run finds the demo and changes nothing", async () => {
    const { app } = first;
    const before = (await list(app.admin, "account")).length;
    const again = await fillDemoCompany(app.server, config, { seed: SEED, scale: SCALE });
    expect(again).toMatchObject({ created: false, reason: "exists" });
    expect((await list(app.admin, "account")).length).toBe(before);
  });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Ids and values that hold them (relations, attachments) differ between installations. */
const isId = (value: unknown): boolean =>
  typeof value === "string" ? UUID.test(value) : typeof value === "object" && value !== null && "id" in value;
