import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, money } from "../../test/validation-fixture.ts";

let app: TestApp;
const accounts: Record<string, string> = {};
const RULES = "/api/meta/objects/deal/validation-rules";

beforeAll(async () => {
  app = await startTestApp();
  await createSalesFixture(app.admin);
  for (const tier of ["a", "c"]) {
    const response = await app.admin.post("/api/records/account", { name: `Tier ${tier}`, tier });
    expect(response.status, response.text).toBe(201);
    accounts[tier] = response.body.id;
  }
});
afterAll(() => app?.close());

const countDeals = async () =>
  Number(
    (
      await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM ${sql.id(app.database.schemas.workspace, "deal")}`.execute(app.database.db)
    ).rows[0]?.n,
  );

async function addRule(rule: Record<string, unknown>) {
  const response = await app.admin.post(RULES, rule);
  expect(response.status, response.text).toBe(201);
  return response.body;
}

const message = (zh: string, en: string) => ({ "zh-CN": zh, en });

describe(`validation rules on ${testEngine}`, () => {
  it("refuses a condition that is not a boolean formula, with positioned, translated errors", async () => {
    const notBoolean = await app.admin.post(RULES, {
      api_name: "double",
      condition: "amount * 2",
      message: message("错误", "Wrong"),
    });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.code).toBe("VALIDATION_FAILED");
    expect(notBoolean.body.errors).toEqual([
      {
        field: "condition",
        code: "formula_wrong_result_type",
        message: expect.stringMatching(/^Line 1, column 1: /),
      },
    ]);
    app.admin.locale = "zh-CN";
    try {
      const typeError = await app.admin.post(RULES, {
        api_name: "bad",
        condition: "title + 1 > 0",
        message: message("错误", "Wrong"),
        field: "nonexistent",
      });
      expect(typeError.status).toBe(400);
      expect(typeError.body.errors).toEqual([
        { field: "condition", code: "formula_cannot_add", message: "第 1 行第 7 列：文本不能与数字相加" },
        { field: "field", code: "unknown_field", message: expect.stringContaining("nonexistent") },
      ]);
    } finally {
      app.admin.locale = "en";
    }
    expect((await app.admin.get(RULES)).body.rules).toEqual([]);
  });

  it("blocks a bad create and update with the rule's message under its field, storing nothing", async () => {
    const rule = await addRule({
      api_name: "no_negative_amount",
      condition: "amount < 0",
      message: message("金额不能为负数", "Amount cannot be negative"),
      field: "amount",
    });
    expect(rule).toMatchObject({
      object: "deal",
      api_name: "no_negative_amount",
      field: "amount",
      active: true,
    });
    const before = await countDeals();

    const bad = await app.admin.post("/api/records/deal", { title: "Refund", amount: money("-5") });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [{ field: "amount", code: "validation_rule", message: "Amount cannot be negative" }],
    });
    app.admin.locale = "zh-CN";
    const chinese = await app.admin.post("/api/records/deal", { title: "Refund", amount: money("-5") });
    app.admin.locale = "en";
    expect(chinese.body.errors[0].message).toBe("金额不能为负数");
    expect(await countDeals()).toBe(before);

    const good = await app.admin.post("/api/records/deal", { title: "Fine", amount: money("5") });
    expect(good.status, good.text).toBe(201);
    expect(await countDeals()).toBe(before + 1);

    const update = await app.admin.patch(`/api/records/deal/${good.body.id}`, { amount: money("-1") });
    expect(update.status).toBe(400);
    expect(update.body.errors).toEqual([
      { field: "amount", code: "validation_rule", message: "Amount cannot be negative" },
    ]);
    const stored = await app.admin.get(`/api/records/deal/${good.body.id}`);
    expect(stored.body).toMatchObject({ version: 1, amount: { amount: "5.00" } });
    // A BLANK amount is not "< 0": the rule does not fire on it.
    expect((await app.admin.patch(`/api/records/deal/${good.body.id}`, { amount: null })).status).toBe(200);
  });

  it("checks every record of a bulk create in one query and names the bad ones by position", async () => {
    const before = await countDeals();
    app.queries.length = 0;
    const bulk = await app.admin.post("/api/records/deal/bulk", {
      records: [
        { title: "One", amount: money("1") },
        { title: "Two", amount: money("-2") },
        { title: "Three", amount: money("3") },
        { title: "Four", amount: money("-4") },
      ],
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "records.1.amount",
      "records.3.amount",
    ]);
    expect(app.queries.filter((q) => q.includes(' AS "r0"'))).toHaveLength(1);
    expect(await countDeals()).toBe(before);

    const good = await app.admin.post("/api/records/deal/bulk", {
      records: [
        { title: "One", amount: money("1") },
        { title: "Two", amount: money("2") },
      ],
    });
    expect(good.status, good.text).toBe(201);
    expect(await countDeals()).toBe(before + 2);
  });

  it("reads related records in SQL: a relation path blocks only deals of tier-c accounts", async () => {
    await addRule({
      api_name: "big_deals_need_better_tier",
      condition: 'account.tier = "c" AND amount > 100000',
      message: message("C 类客户的商机金额不能超过 10 万", "Tier C accounts cannot have deals over 100,000"),
    });
    const bad = await app.admin.post("/api/records/deal", {
      title: "Big C",
      account: accounts.c,
      amount: money("200000"),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        field: "record",
        code: "validation_rule",
        message: "Tier C accounts cannot have deals over 100,000",
      },
    ]);
    const bigA = await app.admin.post("/api/records/deal", {
      title: "Big A",
      account: accounts.a,
      amount: money("200000"),
    });
    expect(bigA.status, bigA.text).toBe(201);
    const smallC = await app.admin.post("/api/records/deal", {
      title: "Small C",
      account: accounts.c,
      amount: money("100"),
    });
    expect(smallC.status, smallC.text).toBe(201);
    // Moving the big deal to the tier-c account is an update the rule sees through the new foreign key.
    const moved = await app.admin.patch(`/api/records/deal/${bigA.body.id}`, { account: accounts.c });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].field).toBe("record");
    // Both rules fire together, each under its own field.
    const both = await app.admin.post("/api/records/deal/bulk", {
      records: [
        { title: "x", account: accounts.c, amount: money("200000") },
        { title: "y", amount: money("-1") },
      ],
    });
    expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "records.0.record",
      "records.1.amount",
    ]);
  });

  it("reads lists in SQL too: reverse relations and many-to-many, without deleted records", async () => {
    const account = await app.admin.post("/api/records/account", { name: "Rollup", tier: "a" });
    const deals = await app.admin.post("/api/records/deal/bulk", {
      records: ["200000", "150000"].map((amount) => ({
        title: amount,
        account: account.body.id,
        amount: money(amount),
      })),
    });
    expect(deals.status, deals.text).toBe(201);
    const accountRules = "/api/meta/objects/account/validation-rules";
    const rule = await app.admin.post(accountRules, {
      api_name: "tier_c_small_pipeline",
      condition: 'tier = "c" AND SUM(deals.amount, deals.amount > 100000) > 300000',
      message: message(
        "C 类客户的大额商机合计不能超过 30 万",
        "Tier C accounts cannot carry more than 300,000 in big deals",
      ),
      field: "tier",
    });
    expect(rule.status, rule.text).toBe(201);
    app.queries.length = 0;
    const downgrade = await app.admin.patch(`/api/records/account/${account.body.id}`, { tier: "c" });
    expect(downgrade.status).toBe(400);
    expect(downgrade.body.errors).toEqual([
      {
        field: "tier",
        code: "validation_rule",
        message: "Tier C accounts cannot carry more than 300,000 in big deals",
      },
    ]);
    const verify = app.queries.find((q) => q.includes(' AS "r0"'))!;
    expect(verify).toContain('"deleted_at" IS NULL');
    // A deleted deal no longer counts.
    expect((await app.admin.delete(`/api/records/deal/${deals.body.records[1].id}`)).status).toBe(204);
    expect((await app.admin.patch(`/api/records/account/${account.body.id}`, { tier: "c" })).status).toBe(
      200,
    );
    expect((await app.admin.delete(`${accountRules}/tier_c_small_pipeline`)).status).toBe(204);

    const competitors = await app.admin.post(RULES, {
      api_name: "two_tier_c_competitors",
      condition: 'COUNT(competitors, competitors.tier = "c") >= 2',
      message: message("最多一个 C 类竞争对手", "At most one tier C competitor"),
      field: "competitors",
    });
    expect(competitors.status, competitors.text).toBe(201);
    const crowded = await app.admin.post("/api/records/deal", {
      title: "Crowded",
      competitors: [accounts.c, account.body.id, accounts.a],
    });
    expect(crowded.status).toBe(400);
    expect(crowded.body.errors[0].field).toBe("competitors");
    const fine = await app.admin.post("/api/records/deal", {
      title: "Fine",
      competitors: [accounts.c, accounts.a],
    });
    expect(fine.status, fine.text).toBe(201);
    expect((await app.admin.delete(`${RULES}/two_tier_c_competitors`)).status).toBe(204);
  });

  it("reads a soft-deleted related record as missing", async () => {
    const gone = await app.admin.post("/api/records/account", { name: "Gone", tier: "c" });
    const deal = { title: "Orphan", account: gone.body.id, amount: money("200000") };
    expect((await app.admin.post("/api/records/deal", deal)).status).toBe(400);
    expect((await app.admin.delete(`/api/records/account/${gone.body.id}`)).status).toBe(204);
    expect((await app.admin.post("/api/records/deal", deal)).status).toBe(201);
  });

  it("is not enforced while inactive, and not again on restore or transfer, which touch no field it reads", async () => {
    const off = await app.admin.patch(`${RULES}/big_deals_need_better_tier`, { active: false });
    expect(off.status, off.text).toBe(200);
    expect(off.body.active).toBe(false);
    const deal = await app.admin.post("/api/records/deal", {
      title: "Allowed while off",
      account: accounts.c,
      amount: money("500000"),
    });
    expect(deal.status, deal.text).toBe(201);
    const grandfathered = await app.admin.post("/api/records/deal", {
      title: "Kept while off",
      account: accounts.c,
      amount: money("500000"),
    });
    expect((await app.admin.delete(`/api/records/deal/${deal.body.id}`)).status).toBe(204);
    expect((await app.admin.patch(`${RULES}/big_deals_need_better_tier`, { active: true })).status).toBe(200);

    // ADR 0024: a restore changes no field and a transfer only the owner, which this rule does not read.
    const restore = await app.admin.post(`/api/records/deal/${deal.body.id}/restore`);
    expect(restore.status, restore.text).toBe(200);
    const me = (await app.admin.get("/api/auth/me")).body.user.id;
    const transfer = (ids: string[]) => app.admin.post("/api/records/deal/transfer", { ids, owner_id: me });
    expect((await transfer([grandfathered.body.id])).status).toBe(200);
    // The next edit meets the rule.
    const edit = await app.admin.patch(`/api/records/deal/${grandfathered.body.id}`, { title: "Edited" });
    expect(edit.status).toBe(400);
    expect(edit.body.errors[0]).toMatchObject({ field: "record", code: "validation_rule" });
  });

  it("moves with the clock when the condition reads TODAY()", async () => {
    await addRule({
      api_name: "close_date_not_past",
      condition: "close_date < TODAY()",
      message: message("结束日期不能早于今天", "The close date cannot be in the past"),
      field: "close_date",
    });
    // 2026-03-15T02:00Z is 10:00 on 15 March in Asia/Shanghai.
    const deal = await app.admin.post("/api/records/deal", { title: "Soon", close_date: "2026-03-20" });
    expect(deal.status, deal.text).toBe(201);
    expect(
      (await app.admin.post("/api/records/deal", { title: "Late", close_date: "2026-03-14" })).status,
    ).toBe(400);
    app.clock.set(new Date("2026-03-20T15:59:00Z")); // 23:59 on the 20th in Shanghai: still today
    expect((await app.admin.patch(`/api/records/deal/${deal.body.id}`, { title: "Soon!" })).status).toBe(200);
    app.clock.set(new Date("2026-03-20T16:00:00Z")); // midnight in Shanghai: the 21st
    const late = await app.admin.patch(`/api/records/deal/${deal.body.id}`, { title: "Soon!!" });
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual([
      { field: "close_date", code: "validation_rule", message: "The close date cannot be in the past" },
    ]);
    app.clock.set(new Date("2026-03-15T02:00:00Z"));
    expect((await app.admin.delete(`${RULES}/close_date_not_past`)).status).toBe(204);
  });

  it("runs text such as '); DROP TABLE … in a condition as a harmless bound value", async () => {
    const payload = "'); DROP TABLE deal; --";
    await addRule({
      api_name: "no_injection_titles",
      condition: `title = "${payload}"`,
      message: message("标题无效", "Invalid title"),
      field: "title",
    });
    app.queries.length = 0;
    const blocked = await app.admin.post("/api/records/deal", { title: payload });
    expect(blocked.status).toBe(400);
    expect(blocked.body.errors[0]).toMatchObject({ field: "title", code: "validation_rule" });
    expect(app.queries.filter((q) => q.includes("DROP"))).toEqual([]);
    expect(await countDeals()).toBeGreaterThan(0);
    expect((await app.admin.delete(`${RULES}/no_injection_titles`)).status).toBe(204);
  });

  it("lists, renames nothing, and answers 404/409 where it should", async () => {
    const list = (await app.admin.get(RULES)).body.rules;
    // By creation time, then name (the test clock stands still).
    expect(list.map((r: { api_name: string }) => r.api_name)).toEqual([
      "big_deals_need_better_tier",
      "no_negative_amount",
    ]);
    expect(list.every((r: { valid: boolean }) => r.valid)).toBe(true);
    const duplicate = await app.admin.post(RULES, {
      api_name: "no_negative_amount",
      condition: "amount < -1",
      message: message("重复", "Duplicate"),
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe("VALIDATION_RULE_NAME_TAKEN");
    expect((await app.admin.patch(`${RULES}/missing`, { active: false })).body.code).toBe(
      "VALIDATION_RULE_NOT_FOUND",
    );
    expect((await app.admin.patch(`${RULES}/no_negative_amount`, { api_name: "x" })).status).toBe(400);
    expect((await app.admin.get("/api/meta/objects/nope/validation-rules")).status).toBe(404);
  });

  it("reaches another instance on the same database without a restart", async () => {
    const other = await startTestApp({ sameDatabaseAs: app });
    try {
      await addRule({
        api_name: "no_huge_probability",
        condition: "probability > 100",
        message: message("概率不能超过 100", "Probability cannot exceed 100"),
        field: "probability",
      });
      const response = await other.admin.post("/api/records/deal", { title: "p", probability: 101 });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe("probability");
    } finally {
      await other.close();
    }
  });

  it("refuses to hide or retype a field a rule uses, naming the rules; harmless changes pass", async () => {
    const hide = await app.admin.delete("/api/meta/objects/deal/fields/amount");
    expect(hide.status).toBe(409);
    expect(hide.body).toMatchObject({
      code: "FIELD_USED_BY_RULE",
      rules: [
        { object: "deal", api_name: "big_deals_need_better_tier" },
        { object: "deal", api_name: "no_negative_amount" },
      ],
    });
    expect(hide.body.detail).toBe(
      "Field deal.amount is used by these validation rules: deal.big_deals_need_better_tier, deal.no_negative_amount. The change would break them, so nothing was changed. Change or delete those rules first.",
    );
    // Through a relation path, on the other object.
    const tier = await app.admin.delete("/api/meta/objects/account/fields/tier");
    expect(tier.status).toBe(409);
    expect(tier.body.rules).toEqual([{ object: "deal", api_name: "big_deals_need_better_tier" }]);
    // The relation itself carries the path.
    expect((await app.admin.delete("/api/meta/objects/deal/fields/account")).status).toBe(409);
    const retype = await app.admin.patch("/api/meta/objects/deal/fields/probability", { type: "text" });
    expect(retype.status).toBe(409);
    expect(retype.body.rules).toEqual([{ object: "deal", api_name: "no_huge_probability" }]);
    const fields = (await app.admin.get("/api/meta/objects/deal/fields")).body.fields;
    expect(fields.map((f: { api_name: string }) => f.api_name)).toEqual(
      expect.arrayContaining(["amount", "probability", "account"]),
    );

    // A new label or a type the condition still fits goes through.
    const relabel = await app.admin.patch("/api/meta/objects/deal/fields/amount", {
      labels: message("合同金额", "Contract amount"),
    });
    expect(relabel.status, relabel.text).toBe(200);
    expect(
      (await app.admin.patch("/api/meta/objects/deal/fields/probability", { type: "percent" })).status,
    ).toBe(200);
    expect((await app.admin.post("/api/records/deal", { title: "p", probability: 101 })).status).toBe(400);

    // Once the rule is gone, the field can go.
    expect((await app.admin.delete(`${RULES}/no_huge_probability`)).status).toBe(204);
    expect((await app.admin.delete("/api/meta/objects/deal/fields/probability")).status).toBe(200);
  });

  it("deletes an object's rules with the object", async () => {
    await app.admin.post("/api/meta/objects", { api_name: "scratch", labels: message("临时", "Scratch") });
    await app.admin.post("/api/meta/objects/scratch/fields", {
      api_name: "quantity",
      type: "number",
      labels: message("数量", "Quantity"),
    });
    expect(
      (
        await app.admin.post("/api/meta/objects/scratch/validation-rules", {
          api_name: "positive",
          condition: "quantity <= 0",
          message: message("必须为正", "Must be positive"),
        })
      ).status,
    ).toBe(201);
    expect((await app.admin.delete("/api/meta/objects/scratch")).status).toBe(204);
    const rows = await app.database.db
      .selectFrom("validation_rules")
      .select("api_name")
      .where("object", "=", "scratch")
      .execute();
    expect(rows).toEqual([]);
  });
});
