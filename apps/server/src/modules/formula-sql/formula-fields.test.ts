import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, hideFromMembers, money } from "../../test/validation-fixture.ts";

let app: TestApp;
const ids: Record<string, string> = {};

const formula = (api_name: string, expression: string) => ({
  api_name,
  type: "formula",
  config: { expression },
});

async function create(object: string, body: Record<string, unknown>) {
  const response = await app.admin.post(`/api/records/${object}`, body);
  expect(response.status, response.text).toBe(201);
  return response.body;
}

/** Every page of a list, following cursors; returns the pages' values of `field`. */
async function pages(client: HttpClient, path: string, field: string) {
  const seen: unknown[][] = [];
  let url = path;
  for (let i = 0; i < 10; i++) {
    const response = await client.get(url);
    expect(response.status, response.text).toBe(200);
    seen.push(response.body.records.map((r: Record<string, unknown>) => r[field]));
    if (!response.body.next_cursor) return seen;
    url = `${path}&cursor=${encodeURIComponent(response.body.next_cursor)}`;
  }
  throw new Error("too many pages");
}

beforeAll(async () => {
  app = await startTestApp();
  await createSalesFixture(app.admin);
  await createObject(app.admin, "payment", "回款", "Payment");
  await addField(app.admin, "payment", { api_name: "amount", type: "currency" });
  await addField(app.admin, "payment", {
    api_name: "status",
    type: "single_select",
    config: {
      options: ["received", "pending"].map((value) => ({ value, labels: label(value, value) })),
    },
  });
  await addField(app.admin, "payment", {
    api_name: "account",
    type: "relation",
    config: {
      relation: {
        target: "account",
        cardinality: "many_to_one",
        inverse_name: "payments",
        inverse_labels: label("回款", "Payments"),
      },
    },
  });
  ids.a = (await create("account", { name: "A", tier: "a", secret_score: 7 })).id;
  ids.c = (await create("account", { name: "C", tier: "c" })).id;
  const deals: Array<[string, string, number | null, string | null, string | null]> = [
    ["d1", "1000", 10, "a", "2026-03-20"],
    ["d2", "500", 0, "c", "2026-04-15"],
    ["d3", "2000", 50, "a", "2026-03-16"],
    ["d4", "300", null, null, null],
    ["d5", "800", 25, "c", "2026-05-01"],
  ];
  for (const [title, amount, discount, account, close_date] of deals) {
    const deal = await create("deal", {
      title,
      amount: money(amount),
      discount,
      account: account ? ids[account] : null,
      close_date,
      margin: 3,
    });
    ids[title] = deal.id;
  }
  for (const [account, amount, status] of [
    ["a", "100", "received"],
    ["a", "50", "pending"],
    ["a", "30", "received"],
    ["c", "200", "received"],
  ] as const) {
    await create("payment", { account: ids[account], amount: money(amount), status });
  }
});
afterAll(() => app?.close());

describe(`formula fields on ${testEngine}`, () => {
  it("defines formula, lookup and rollup fields with their inferred result types", async () => {
    const net = await addField(app.admin, "deal", formula("net_amount", "amount * (1 - discount / 100)"));
    expect(net).toMatchObject({
      type: "formula",
      read_only: true,
      config: { expression: "amount * (1 - discount / 100)", result_type: "currency" },
    });
    const tier = await addField(app.admin, "deal", formula("account_tier", "account.tier"));
    expect(tier.config.result_type).toBe("select");
    const received = await addField(
      app.admin,
      "account",
      formula("received", 'SUM(payments.amount, payments.status = "received")'),
    );
    expect(received.config.result_type).toBe("currency");
    // A rollup over a formula field of the related records.
    const pipeline = await addField(app.admin, "account", formula("pipeline", "SUM(deals.net_amount)"));
    expect(pipeline.config.result_type).toBe("currency");
    const days = await addField(
      app.admin,
      "deal",
      formula("days_to_close", 'DATEDIF(TODAY(), close_date, "day")'),
    );
    expect(days.config.result_type).toBe("number");
    // A client's result type is not believed.
    const lying = await app.admin.post("/api/meta/objects/deal/fields", {
      ...formula("shout", "UPPER(title)"),
      labels: label("大写", "Shout"),
      config: { expression: "UPPER(title)", result_type: "number" },
    });
    expect(lying.status, lying.text).toBe(201);
    expect(lying.body.config.result_type).toBe("text");
  });

  it("refuses a bad expression with positioned errors, and required, unique or a default", async () => {
    const bad = await app.admin.post("/api/meta/objects/deal/fields", {
      ...formula("broken", "title + 1"),
      labels: label("坏", "Broken"),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        field: "config.expression",
        code: "formula_cannot_add",
        message: expect.stringMatching(/^Line 1, column 7: /),
      },
    ]);
    const flags = await app.admin.post("/api/meta/objects/deal/fields", {
      ...formula("flagged", "amount"),
      labels: label("标", "Flagged"),
      required: true,
      unique: true,
      default: 5,
    });
    expect(flags.status).toBe(400);
    expect(flags.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "default",
      "required",
      "unique",
    ]);
  });

  it("shows formula values in GET, lists, fields= and expanded records, and on writes", async () => {
    const d1 = await app.admin.get(`/api/records/deal/${ids.d1}?expand=account`);
    expect(d1.status, d1.text).toBe(200);
    expect(d1.body).toMatchObject({ net_amount: "900.00", account_tier: "a", days_to_close: 5, shout: "D1" });
    expect(d1.body.account).toMatchObject({ name: "A", received: "130.00", pipeline: "1900.00" });
    const d4 = await app.admin.get(`/api/records/deal/${ids.d4}`);
    expect(d4.body).toMatchObject({ net_amount: null, account_tier: null, days_to_close: null });

    const list = await app.admin.get("/api/records/deal?fields=title,net_amount&sort=title");
    expect(list.body.records.map((r: Record<string, unknown>) => [r.title, r.net_amount, r.amount])).toEqual([
      ["d1", "900.00", undefined],
      ["d2", "500.00", undefined],
      ["d3", "1000.00", undefined],
      ["d4", null, undefined],
      ["d5", "600.00", undefined],
    ]);
    const accounts = await app.admin.get("/api/records/account?sort=name&expand=payments");
    expect(
      accounts.body.records.map((r: Record<string, unknown>) => [r.name, r.received, r.pipeline]),
    ).toEqual([
      ["A", "130.00", "1900.00"],
      ["C", "200.00", "1100.00"],
    ]);

    const created = await create("deal", { title: "d6", amount: money("100"), discount: 5, account: ids.c });
    expect(created).toMatchObject({ net_amount: "95.00", account_tier: "c" });
    const changed = await app.admin.patch(`/api/records/deal/${created.id}`, { discount: 20 });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.net_amount).toBe("80.00");
    expect((await app.admin.delete(`/api/records/deal/${created.id}`)).status).toBe(204);
  });

  it("filters and sorts by formula, lookup and rollup fields, with cursor pagination", async () => {
    expect(await pages(app.admin, "/api/records/deal?sort=net_amount&limit=2&fields=title", "title")).toEqual(
      [["d2", "d5"], ["d1", "d3"], ["d4"]],
    );
    expect(
      await pages(app.admin, "/api/records/deal?sort=-net_amount&limit=2&fields=title", "title"),
    ).toEqual([["d4", "d3"], ["d1", "d5"], ["d2"]]);
    const filter = (value: unknown) => encodeURIComponent(JSON.stringify(value));
    expect(
      await pages(
        app.admin,
        `/api/records/deal?filter=${filter({ net_amount: { gte: 600 } })}&sort=-net_amount&limit=2`,
        "title",
      ),
    ).toEqual([["d3", "d1"], ["d5"]]);
    expect(
      await pages(
        app.admin,
        `/api/records/deal?filter=${filter({ account_tier: { eq: "a" } })}&sort=account_tier,-title&limit=1`,
        "title",
      ),
    ).toEqual([["d3"], ["d1"]]);
    expect(
      await pages(
        app.admin,
        `/api/records/deal?filter=${filter({ account_tier: { is_empty: true } })}`,
        "title",
      ),
    ).toEqual([["d4"]]);
    expect(await pages(app.admin, `/api/records/account?sort=-received,name&limit=1`, "name")).toEqual([
      ["C"],
      ["A"],
    ]);
    expect(
      await pages(app.admin, `/api/records/account?filter=${filter({ pipeline: { gt: 1500 } })}`, "name"),
    ).toEqual([["A"]]);
    expect(await pages(app.admin, `/api/records/account?sort=pipeline&limit=1&fields=name`, "name")).toEqual([
      ["C"],
      ["A"],
    ]);
    const wrongOperator = await app.admin.get(
      `/api/records/deal?filter=${filter({ net_amount: { contains: "9" } })}`,
    );
    expect(wrongOperator.status).toBe(400);
    expect(wrongOperator.body.code).toBe("INVALID_FILTER");
  });

  it("moves TODAY()-dependent formulas with the server clock", async () => {
    const filter = encodeURIComponent(JSON.stringify({ days_to_close: { lte: 5 } }));
    const soon = `/api/records/deal?filter=${filter}&sort=days_to_close`;
    expect(await pages(app.admin, soon, "days_to_close")).toEqual([[1, 5]]);
    app.clock.advance(2 * 24 * 3600 * 1000);
    try {
      expect(await pages(app.admin, soon, "title")).toEqual([["d3", "d1"]]);
      expect(await pages(app.admin, soon, "days_to_close")).toEqual([[-1, 3]]);
    } finally {
      app.clock.advance(-2 * 24 * 3600 * 1000);
    }
  });

  it("refuses writes to formula fields as read-only", async () => {
    const write = await app.admin.post("/api/records/deal", { title: "x", net_amount: "5" });
    expect(write.status).toBe(400);
    expect(write.body.errors).toEqual([expect.objectContaining({ field: "net_amount", code: "read_only" })]);
    const update = await app.admin.patch(`/api/records/deal/${ids.d1}`, { account_tier: "b" });
    expect(update.status).toBe(400);
    expect(update.body.errors[0]).toMatchObject({ field: "account_tier", code: "read_only" });
  });

  it("refuses reference cycles between formula fields", async () => {
    await addField(app.admin, "deal", formula("net_twice", "net_amount * 2"));
    const cycle = await app.admin.patch("/api/meta/objects/deal/fields/net_amount", {
      config: { expression: "net_twice / 2" },
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors).toEqual([
      expect.objectContaining({ field: "config.expression", code: "formula_cycle" }),
    ]);
    expect(cycle.body.errors[0].message).toContain("deal.net_amount → deal.net_twice → deal.net_amount");
    // Through a rollup and a lookup on another object.
    await addField(app.admin, "deal", formula("account_pipeline", "account.pipeline"));
    const across = await app.admin.patch("/api/meta/objects/deal/fields/net_amount", {
      config: { expression: "account_pipeline" },
    });
    expect(across.status).toBe(400);
    expect(across.body.errors[0].code).toBe("formula_cycle");
    const self = await app.admin.patch("/api/meta/objects/deal/fields/net_twice", {
      config: { expression: "net_twice + 1" },
    });
    expect(self.status).toBe(400);
    expect((await app.admin.get(`/api/records/deal/${ids.d1}`)).body).toMatchObject({
      net_amount: "900.00",
      net_twice: "1800.00",
      account_pipeline: "1900.00",
    });
  });

  it("refuses to hide or retype a field a formula uses, naming the formulas; harmless changes pass", async () => {
    const hide = await app.admin.delete("/api/meta/objects/deal/fields/discount");
    expect(hide.status).toBe(409);
    expect(hide.body).toMatchObject({
      code: "FIELD_USED_BY_FORMULA",
      formulas: [{ object: "deal", api_name: "net_amount" }],
    });
    expect(hide.body.detail).toContain("deal.net_amount");
    // Hiding a formula another formula uses (through a rollup on another object) is refused too.
    const hideFormula = await app.admin.delete("/api/meta/objects/deal/fields/net_amount");
    expect(hideFormula.status).toBe(409);
    expect(hideFormula.body.formulas).toEqual(
      expect.arrayContaining([
        { object: "deal", api_name: "net_twice" },
        { object: "account", api_name: "pipeline" },
      ]),
    );
    // A formula whose result type would change breaks what reads it.
    const retype = await app.admin.patch("/api/meta/objects/deal/fields/net_amount", {
      config: { expression: "TEXT(amount)" },
    });
    expect(retype.status).toBe(409);
    const relabel = await app.admin.patch("/api/meta/objects/deal/fields/discount", {
      labels: label("折扣率", "Discount rate"),
    });
    expect(relabel.status, relabel.text).toBe(200);
    // An unused formula can go.
    expect((await app.admin.delete("/api/meta/objects/deal/fields/shout")).status).toBe(200);
  });

  it("hides a formula that reads a field hidden from the user, through other formulas too", async () => {
    await addField(app.admin, "deal", formula("margin_x2", "margin * 2"));
    await addField(app.admin, "deal", formula("margin_x4", "margin_x2 * 2"));
    await addField(app.admin, "account", formula("secret_lookup", 'IF(secret_score > 5, "hot", "cold")'));
    await addField(app.admin, "deal", formula("account_heat", "account.secret_lookup"));
    await hideFromMembers(app.admin);
    const created = await app.admin.post("/api/users", {
      email: "rep@keduo.test",
      name: "Rep",
      password: "password-123",
    });
    expect(created.status, created.text).toBe(201);
    const rep = await app.login("rep@keduo.test", "password-123");
    const admin = (await app.admin.get(`/api/records/deal/${ids.d1}`)).body;
    expect(admin).toMatchObject({ margin_x2: 6, margin_x4: 12, account_heat: "hot" });
    const seen = await rep.get(`/api/records/deal/${ids.d1}?expand=account`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.net_amount).toBe("900.00");
    for (const name of ["margin", "margin_x2", "margin_x4", "account_heat"])
      expect(seen.body).not.toHaveProperty(name);
    expect(seen.body.account).not.toHaveProperty("secret_lookup");
    const filter = encodeURIComponent(JSON.stringify({ margin_x2: { gt: 0 } }));
    expect((await rep.get(`/api/records/deal?filter=${filter}`)).status).toBe(400);
    expect((await rep.get("/api/records/deal?sort=margin_x4")).status).toBe(400);
    expect((await rep.get("/api/records/deal?fields=account_heat")).status).toBe(400);
  });
});
