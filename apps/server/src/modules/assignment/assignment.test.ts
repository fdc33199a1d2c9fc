import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAutomation,
  createAutomationFixture,
  settledRuns,
  text,
} from "../../test/automation-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createTestUser, type TestUser } from "../../test/test-users.ts";

let app: TestApp;
let reps: TestUser[];

beforeAll(async () => {
  app = await startTestApp();
  await createAutomationFixture(app);
  reps = [];
  for (let i = 0; i < 5; i++)
    reps.push(await createTestUser(app, { roles: ["sales_rep"], name: `销售${i + 1}` }));
});
afterAll(() => app?.close());

const RULES = "/api/meta/objects/lead/assignment-rules";
const OPEN = 'AND(status <> "converted", status <> "disqualified")';

async function createLeads(count: number, values: Record<string, unknown> = {}) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const records = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      company: `线索公司 ${start + i}`,
      status: "new",
      ...values,
    }));
    const created = await app.admin.post("/api/records/lead/bulk", { records });
    expect(created.status, created.text).toBe(201);
    ids.push(...created.body.records.map((r: { id: string }) => r.id));
  }
  return ids;
}

async function openLoads(): Promise<number[]> {
  const table = sql.id(app.database.schemas.workspace, "lead");
  const { rows } = await sql<{ owner_id: string; n: string }>`SELECT owner_id, count(*) AS n FROM ${table}
    WHERE deleted_at IS NULL AND status NOT IN ('converted', 'disqualified') GROUP BY owner_id`.execute(
    app.database.db,
  );
  return reps.map((rep) => Number(rows.find((row) => row.owner_id === rep.id)?.n ?? 0));
}

describe(`assignment rules on ${testEngine}`, () => {
  it("refuses rules with every problem at once, and keeps the stored ones", async () => {
    const before = (await app.admin.get(RULES)).body.rules;
    // The CRM template's own rule: all reps, fewest open leads first.
    expect(before.map((r: { api_name: string }) => r.api_name)).toEqual(["all_reps"]);
    const refused = await app.admin.request("PUT", RULES, {
      rules: [
        {
          api_name: "east",
          labels: text("华东"),
          criteria: "nope = 1",
          pool: { kind: "role", role: "ghosts" },
        },
        {
          api_name: "east",
          labels: text("重复"),
          pool: { kind: "users", users: [] },
          strategy: "fastest",
          capacity: 0,
        },
        { api_name: "by_role", labels: text("按角色"), pool: { kind: "role", role: "" } },
        { api_name: "by_department", labels: text("按部门"), pool: { kind: "department" } },
      ],
    });
    expect(refused.status, refused.text).toBe(400);
    const problems = (refused.body.errors as Array<{ field: string; code: string }>).map(
      (e) => `${e.field} ${e.code}`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        "rules.0.pool.role unknown_role",
        "rules.1.api_name duplicate_name",
        "rules.1.pool.users required",
        "rules.1.strategy invalid_option",
        "rules.1.capacity out_of_range",
        "rules.2.pool.role required",
        "rules.3.pool.department required",
      ]),
    );
    expect(problems.some((p) => p.startsWith("rules.0.criteria "))).toBe(true);
    expect((await app.admin.get(RULES)).body.rules).toEqual(before);
  });

  it("balances 1,000 leads over 5 reps by least-loaded open records, each decision explained", async () => {
    // Uneven starting loads: 40 and 13 open leads; 30 converted ones do not count.
    const owned = (rep: TestUser, count: number, status: string) =>
      createLeads(count, { status, owner_id: rep.id });
    await owned(reps[0] as TestUser, 40, "working");
    await owned(reps[2] as TestUser, 13, "new");
    await owned(reps[1] as TestUser, 30, "converted");
    const saved = await app.admin.request("PUT", RULES, {
      rules: [
        {
          api_name: "exhibition",
          labels: text("展会线索", "Exhibition leads"),
          criteria: 'source = "exhibition"',
          pool: { kind: "users", users: [reps[3]?.id, reps[4]?.id] },
          strategy: "round_robin",
        },
        {
          api_name: "everyone",
          labels: text("全体销售", "All reps"),
          pool: { kind: "users", users: reps.map((r) => r.id) },
          strategy: "least_loaded",
          open_condition: OPEN,
        },
      ],
    });
    expect(saved.status, saved.text).toBe(200);
    const ids = await createLeads(1000);
    const started = performance.now();
    const assigned = await app.admin.post("/api/records/lead/assign", { ids });
    const ms = performance.now() - started;
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.body.decisions).toHaveLength(1000);
    const loads = await openLoads();
    expect(loads.reduce((a, b) => a + b, 0)).toBe(1053);
    // The issue asks max/min ≤ 1.05; handing out in memory after one count gets it exact: 211 or 210 each.
    expect(Math.max(...loads) / Math.min(...loads), `loads ${loads} in ${ms} ms`).toBeLessThanOrEqual(1.05);
    expect([...loads].sort(), `${ms} ms`).toEqual([210, 210, 211, 211, 211]);
    const { body } = await app.admin.get(`/api/records/lead/${ids[999]}/assignment`);
    expect(body.decision).toMatchObject({ rule: "everyone", rule_number: 2, strategy: "least_loaded" });
    expect(body.decision.summary.en).toMatch(
      /^Rule 2 “All reps” matched; 销售\d had \d+ open records, the fewest$/,
    );
    expect(body.decision.summary["zh-CN"]).toMatch(
      /^规则 2「全体销售」匹配；销售\d 名下 \d+ 条未结记录，最少$/,
    );
    const owner = (await app.admin.get(`/api/records/lead/${ids[999]}`)).body.owner_id;
    expect(owner).toBe(body.decision.user_id);
  });

  it("takes turns for exhibition leads, passes over a rep who is away, and says so", async () => {
    const away = await app.admin.patch(`/api/users/${reps[4]?.id}`, { away_until: "2026-03-20" });
    expect(away.status, away.text).toBe(200);
    expect(away.body.away_until ?? away.body.user?.away_until).toBe("2026-03-20");
    const ids = await createLeads(3, { source: "exhibition" });
    const { body } = await app.admin.post("/api/records/lead/assign", { ids });
    expect(body.decisions.map((d: { user_id: string }) => d.user_id)).toEqual([
      reps[3]?.id,
      reps[3]?.id,
      reps[3]?.id,
    ]);
    expect(body.decisions[0].candidates.map((c: { passed_over: string | null }) => c.passed_over)).toEqual([
      null,
      "away",
    ]);
    await app.admin.patch(`/api/users/${reps[4]?.id}`, { away_until: null });
  });

  it("assigns a new lead from an automation, before its first-contact task goes to the new owner", async () => {
    const automation = await createAutomation(app.admin, {
      object: "lead",
      api_name: "assign_then_call",
      labels: text("分配并联系", "Assign, then call"),
      trigger: { kind: "record_created" },
      actions: [
        { kind: "assign_owner" },
        { kind: "create_task", subject: text("首次联系：{{company}}"), assignee: { kind: "owner" } },
      ],
    });
    const [id] = await createLeads(1, { company: "自动分配公司" });
    const [run] = await settledRuns(app, automation.id, 1);
    expect(run?.status, JSON.stringify(run)).toBe("succeeded");
    expect(run?.steps[0]?.detail).toMatch(/^Rule 2 “All reps” matched; /);
    const lead = (await app.admin.get(`/api/records/lead/${id}`)).body;
    expect(reps.map((r) => r.id)).toContain(lead.owner_id);
    const filter = encodeURIComponent(JSON.stringify({ lead: { eq: id } }));
    const tasks = (await app.admin.get(`/api/records/task?filter=${filter}`)).body.records;
    expect(tasks).toEqual([
      expect.objectContaining({ assignee: lead.owner_id, subject: "首次联系：自动分配公司" }),
    ]);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });

  it("matches field conditions a formula cannot say (an address in 华东), skips a rule switched off", async () => {
    const refused = await app.admin.request("PUT", RULES, {
      rules: [
        {
          api_name: "east",
          labels: text("华东"),
          criteria_filter: { nope: { eq: 1 } },
          open_filter: { status: { eq: "no_such_status" } },
          pool: { kind: "role", role: "sales_rep" },
        },
      ],
    });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "rules.0.criteria_filter.nope",
      "rules.0.open_filter.status.eq",
    ]);
    const east = { region: { in: ["310000", "320000", "330000"] } };
    const saved = await app.admin.request("PUT", RULES, {
      rules: [
        {
          api_name: "east",
          labels: text("华东", "East China"),
          criteria_filter: east,
          pool: { kind: "users", users: [reps[0]?.id, reps[1]?.id] },
          strategy: "least_loaded",
          open_filter: { status: { in: ["new", "working"] } },
        },
        {
          api_name: "switched_off",
          labels: text("停用"),
          pool: { kind: "users", users: [reps[2]?.id] },
          enabled: false,
        },
        { api_name: "rest", labels: text("其他", "Others"), pool: { kind: "users", users: [reps[3]?.id] } },
      ],
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.rules.map((r: { enabled: boolean }) => r.enabled)).toEqual([true, false, true]);
    expect(saved.body.rules[0]).toMatchObject({ criteria_filter: east, open_condition: null });
    const suzhou = await createLeads(2, { region: { province: "320000", city: "320500" } });
    const beijing = await createLeads(1, { region: { province: "110000" } });
    const { body } = await app.admin.post("/api/records/lead/assign", { ids: [...suzhou, ...beijing] });
    const byRecord = new Map(body.decisions.map((d: { record_id: string }) => [d.record_id, d]));
    for (const id of suzhou)
      expect(byRecord.get(id)).toMatchObject({ rule: "east", rule_number: 1, strategy: "least_loaded" });
    expect([reps[0]?.id, reps[1]?.id]).toContain((byRecord.get(suzhou[0]) as { user_id: string }).user_id);
    expect(byRecord.get(beijing[0])).toMatchObject({ rule: "rest", rule_number: 3, user_id: reps[3]?.id });
  });

  it("tells anyone signed in how many of an object's rules are on, and nothing of what they say", async () => {
    const rep = await app.login(reps[0]?.email ?? "", reps[0]?.password ?? "");
    const enabled = async (object: string) => {
      const response = await rep.get(`/api/meta/objects/${object}/assignment`);
      expect(response.status, response.text).toBe(200);
      return response.body;
    };
    // The CRM template's leads have a rule; its accounts have none (their lists offer no "assign by rules").
    expect(await enabled("lead")).toEqual({ enabled_rules: expect.any(Number) });
    expect((await enabled("lead")).enabled_rules).toBeGreaterThan(0);
    expect(await enabled("account")).toEqual({ enabled_rules: 0 });
    const off = { api_name: "off", labels: text("停用"), pool: { kind: "users", users: [reps[0]?.id] } };
    const saved = await app.admin.request("PUT", "/api/meta/objects/account/assignment-rules", {
      rules: [{ ...off, enabled: false }],
    });
    expect(saved.status, saved.text).toBe(200);
    expect(await enabled("account")).toEqual({ enabled_rules: 0 });
    await app.admin.request("PUT", "/api/meta/objects/account/assignment-rules", { rules: [off] });
    expect(await enabled("account")).toEqual({ enabled_rules: 1 });
    await app.admin.request("PUT", "/api/meta/objects/account/assignment-rules", { rules: [] });
    expect((await rep.get("/api/meta/objects/nowhere/assignment")).status).toBe(404);
    // The rules themselves stay the admins'.
    expect((await rep.get("/api/meta/objects/lead/assignment-rules")).status).toBe(403);
  });
});
