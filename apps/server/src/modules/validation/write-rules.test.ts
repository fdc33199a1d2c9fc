import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, hideFromMembers, money } from "../../test/validation-fixture.ts";

let app: TestApp;
let rep: { id: string; client: HttpClient };
let boss: { id: string };
const departments: Record<string, string> = {};
const RULES = "/api/meta/objects/deal/validation-rules";
const message = (zh: string, en: string) => ({ "zh-CN": zh, en });

async function addRule(api_name: string, condition: string, en: string, field?: string) {
  const response = await app.admin.post(RULES, { api_name, condition, message: message(en, en), field });
  expect(response.status, response.text).toBe(201);
  return async () => expect((await app.admin.delete(`${RULES}/${api_name}`)).status).toBe(204);
}

async function createDeal(client: HttpClient, body: Record<string, unknown>) {
  const response = await client.post("/api/records/deal", { title: "Deal", ...body });
  expect(response.status, response.text).toBe(201);
  return response.body.id as string;
}

async function department(name: string, parent?: string) {
  const response = await app.admin.post("/api/org/departments", { name, parent_id: parent ?? null });
  expect(response.status, response.text).toBe(201);
  departments[name] = response.body.id ?? response.body.department.id;
}

beforeAll(async () => {
  app = await startTestApp();
  await createSalesFixture(app.admin);
  const options = ["new", "won", "lost"].map((value) => ({ value, labels: label(value, value) }));
  await addField(app.admin, "deal", { api_name: "stage", type: "single_select", config: { options } });
  await hideFromMembers(app.admin);
  await department("中国区");
  await department("华东", departments.中国区);
  const user = async (name: string, extra: Record<string, unknown>) => {
    const email = `${name}@keduo.test`;
    const created = await app.admin.post("/api/users", { email, name, password: "password-123", ...extra });
    expect(created.status, created.text).toBe(201);
    return { id: created.body.user.id as string, client: await app.login(email, "password-123") };
  };
  boss = await user("boss", { department_id: departments.中国区 });
  rep = await user("rep", { manager_id: boss.id, department_id: departments.华东 });
});
afterAll(() => app?.close());

describe(`rules that see the write on ${testEngine}`, () => {
  it('refuses reopening a won deal: AND(ISCHANGED(stage), PRIORVALUE(stage) = "won")', async () => {
    const drop = await addRule(
      "no_reopening_won",
      'AND(ISCHANGED(stage), PRIORVALUE(stage) = "won")',
      "A won deal cannot be reopened",
      "stage",
    );
    // Created as won: nothing changed, there was no prior value.
    const won = await createDeal(app.admin, { stage: "won" });
    const open = await createDeal(app.admin, { stage: "new" });
    const reopen = await app.admin.patch(`/api/records/deal/${won}`, { stage: "lost" });
    expect(reopen.status).toBe(400);
    expect(reopen.body.errors).toEqual([
      { field: "stage", code: "validation_rule", message: "A won deal cannot be reopened" },
    ]);
    // Clearing the stage is a change too (BLANK is a value for ISCHANGED).
    expect((await app.admin.patch(`/api/records/deal/${won}`, { stage: null })).status).toBe(400);
    // Other fields of a won deal still change, and so does the stage of an open one.
    expect((await app.admin.patch(`/api/records/deal/${won}`, { title: "Renamed" })).status).toBe(200);
    expect((await app.admin.patch(`/api/records/deal/${open}`, { stage: "won" })).status).toBe(200);
    // A bulk update is checked in one query, each record against its own prior row.
    const third = await createDeal(app.admin, { stage: "new" });
    app.queries.length = 0;
    const bulk = await app.admin.patch("/api/records/deal/bulk", {
      records: [
        { id: third, stage: "won" },
        { id: open, stage: "new" },
      ],
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body.errors.map((e: { field: string }) => e.field)).toEqual(["records.1.stage"]);
    const verify = app.queries.filter((q) => q.includes(' AS "r0"'));
    expect(verify).toHaveLength(1);
    expect(verify[0]).toContain("jsonb_to_recordset");
    const stored = await app.admin.get(`/api/records/deal/${third}`);
    expect(stored.body.stage).toBe("new");
    await drop();
  });

  it("ISNEW() tells a create from an update; ISCHANGED sees a transfer's new owner", async () => {
    const dropNew = await addRule(
      "not_created_won",
      'AND(ISNEW(), stage = "won")',
      "A deal cannot start as won",
      "stage",
    );
    const dropOwner = await addRule(
      "big_deals_keep_owner",
      "AND(ISCHANGED(owner_id), amount > 100000)",
      "A big deal keeps its owner",
    );
    expect((await app.admin.post("/api/records/deal", { title: "x", stage: "won" })).status).toBe(400);
    const deal = await createDeal(app.admin, { stage: "new", amount: money("200000") });
    expect((await app.admin.patch(`/api/records/deal/${deal}`, { stage: "won" })).status).toBe(200);
    const transfer = await app.admin.post("/api/records/deal/transfer", { ids: [deal], owner_id: rep.id });
    expect(transfer.status).toBe(400);
    expect(transfer.body.errors[0].message).toBe("A big deal keeps its owner");
    const small = await createDeal(app.admin, { stage: "new", amount: money("5") });
    expect(
      (await app.admin.post("/api/records/deal/transfer", { ids: [small], owner_id: rep.id })).status,
    ).toBe(200);
    await dropNew();
    await dropOwner();
  });

  it("follows the owner to their manager and department, as the directory is at the write", async () => {
    const dropManager = await addRule(
      "big_deals_need_a_manager",
      "AND(amount > 100000, ISBLANK(owner_id.manager))",
      "A big deal needs an owner with a manager",
    );
    const dropRegion = await addRule(
      "east_china_discount",
      'AND(owner_id.department.name = "华东", owner_id.department.parent.name = "中国区", discount > 20)',
      "East China discounts stop at 20%",
      "discount",
    );
    const big = { amount: money("200000") };
    // The admin has no manager; the rep's manager is the boss.
    expect((await app.admin.post("/api/records/deal", { title: "x", ...big })).status).toBe(400);
    const deal = await createDeal(rep.client, big);
    expect((await rep.client.patch(`/api/records/deal/${deal}`, { discount: 25 })).status).toBe(400);
    expect((await app.admin.post("/api/records/deal", { title: "x", discount: 25 })).status).toBe(201);
    // The directory is read at each write, never cached with the rule.
    const moved = await app.admin.patch(`/api/users/${rep.id}`, { manager_id: null });
    expect(moved.status, moved.text).toBe(200);
    const refused = await rep.client.patch(`/api/records/deal/${deal}`, { title: "again" });
    expect(refused.body.errors?.[0]?.message).toBe("A big deal needs an owner with a manager");
    expect((await app.admin.patch(`/api/users/${rep.id}`, { manager_id: boss.id })).status).toBe(200);
    await dropManager();
    await dropRegion();
  });

  it("follows the owner's department to its head", async () => {
    const drop = await addRule(
      "heads_approve_their_own_discounts",
      "AND(discount > 30, owner_id <> owner_id.department.head)",
      "Only the department head may give more than 30% off",
      "discount",
    );
    const deal = await createDeal(rep.client, {});
    // 华东 has no head yet: nobody but its head may, so the rep may not either.
    expect((await rep.client.patch(`/api/records/deal/${deal}`, { discount: 40 })).status).toBe(400);
    const headed = await app.admin.patch(`/api/org/departments/${departments.华东}`, {
      head_user_id: rep.id,
    });
    expect(headed.status, headed.text).toBe(200);
    expect((await rep.client.patch(`/api/records/deal/${deal}`, { discount: 40 })).status).toBe(200);
    expect(
      (await app.admin.patch(`/api/org/departments/${departments.华东}`, { head_user_id: null })).status,
    ).toBe(200);
    await drop();
  });

  it("reads fields hidden from the writer, as ADR 0007 documents, without the editor revealing them", async () => {
    const drop = await addRule(
      "no_stage_moves_on_thin_margin",
      "AND(ISCHANGED(stage), margin < 10)",
      "This deal's stage cannot move now",
      "stage",
    );
    const deal = await createDeal(rep.client, { stage: "new" });
    expect((await app.admin.patch(`/api/records/deal/${deal}`, { margin: 5 })).status).toBe(200);
    const refused = await rep.client.patch(`/api/records/deal/${deal}`, { stage: "won" });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: "stage", code: "validation_rule", message: "This deal's stage cannot move now" },
    ]);
    expect((await rep.client.patch(`/api/records/deal/${deal}`, { title: "fine" })).status).toBe(200);
    const check = (client: HttpClient, expression: string, write_context = true) =>
      client.post("/api/meta/formula/check", { object: "deal", expression, write_context });
    expect((await check(app.admin, "ISCHANGED(margin)")).body).toMatchObject({ ok: true, type: "boolean" });
    const hidden = await check(rep.client, "ISCHANGED(margin)");
    expect(hidden.body.errors.map((e: { code: string }) => e.code)).toEqual(["unknown_field"]);
    const outside = await check(rep.client, "ISCHANGED(stage)", false);
    expect(outside.body.errors.map((e: { code: string }) => e.code)).toEqual(["write_context_only"]);
    await drop();
  });

  it("compares a select by option value, refusing a value that is not an option", async () => {
    const typo = await app.admin.post(RULES, {
      api_name: "typo",
      condition: 'stage = "Won"',
      message: message("x", "x"),
    });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([
      {
        field: "condition",
        code: "formula_unknown_option",
        message: "Line 1, column 9: “Won” is not an option value of stage; the options are: new, won, lost",
      },
    ]);
    const drop = await addRule("no_lost_deals", 'stage = "lost"', "No lost deals");
    // Removing the option the rule compares with would break the rule: refused, the rule named.
    const options = ["new", "won"].map((value) => ({ value, labels: label(value, value) }));
    const narrowed = await app.admin.patch("/api/meta/objects/deal/fields/stage", { config: { options } });
    expect(narrowed.status).toBe(409);
    expect(narrowed.body.rules).toEqual([{ object: "deal", api_name: "no_lost_deals" }]);
    await drop();
  });
});

describe(`formula fields that read the user directory on ${testEngine}`, () => {
  it("show the owner's manager and department, computed at read time and never stored", async () => {
    const formula = (api_name: string, expression: string, extra: Record<string, unknown> = {}) =>
      app.admin.post("/api/meta/objects/deal/fields", {
        api_name,
        type: "formula",
        labels: label(api_name, api_name),
        config: { expression, ...extra },
      });
    expect((await formula("owner_manager", "owner_id.manager.name")).status).toBe(201);
    expect(
      (await formula("owner_region", 'owner_id.department.name & "/" & owner_id.department.parent.name'))
        .status,
    ).toBe(201);
    const stored = await formula("stored_manager", "owner_id.manager.name", { stored: true });
    expect(stored.status).toBe(400);
    expect(stored.body.errors).toEqual([
      expect.objectContaining({ field: "config.stored", message: "Invalid value: user directory" }),
    ]);
    const write = await formula("changed", "ISCHANGED(stage)");
    expect(write.status).toBe(400);
    expect(write.body.errors[0].code).toBe("formula_write_context_only");

    const deal = await createDeal(rep.client, {});
    const read = async () => (await rep.client.get(`/api/records/deal/${deal}`)).body;
    expect(await read()).toMatchObject({ owner_manager: "boss", owner_region: "华东/中国区" });
    await app.admin.patch(`/api/users/${rep.id}`, { department_id: departments.中国区 });
    expect(await read()).toMatchObject({ owner_manager: "boss", owner_region: "中国区/" });
    const list = await app.admin.get(
      `/api/records/deal?filter=${encodeURIComponent(JSON.stringify({ owner_manager: { eq: "boss" } }))}`,
    );
    expect(list.status, list.text).toBe(200);
    expect(list.body.records.map((r: { id: string }) => r.id)).toContain(deal);
  });
});
