import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
const ids: Record<string, string> = {};
let tagIds: string[] = [];

// The server clock: 2026-03-15 10:00 in Asia/Shanghai.
const NOW = new Date("2026-03-15T02:00:00Z");

const rows = [
  {
    name: "Alpha 华东",
    region: "east",
    amount: "100.00",
    score: 5,
    due: "2026-03-15",
    seen: "2026-03-15T01:00:00Z",
    vip: true,
    areas: ["auto"],
    prov: "320000",
    city: "320500",
  },
  {
    name: "beta_50%",
    region: "south",
    amount: "2500.50",
    score: null,
    due: "2026-03-20",
    seen: "2026-03-10T03:00:00Z",
    vip: false,
    areas: ["auto", "med"],
    prov: "440000",
    city: "440300",
  },
  {
    name: "Gamma",
    region: "east",
    amount: "99999.99",
    score: 12,
    due: "2026-04-20",
    seen: "2026-02-01T00:00:00Z",
    vip: null,
    areas: null,
    prov: null,
    city: null,
  },
  {
    name: "delta",
    region: null,
    amount: null,
    score: -3,
    due: null,
    seen: null,
    vip: true,
    areas: ["chip"],
    prov: "320000",
    city: "320200",
  },
  {
    name: "Epsilon 😀",
    region: "north",
    amount: "0.01",
    score: 5,
    due: "2026-02-28",
    seen: "2026-03-14T16:30:00Z",
    vip: false,
    areas: ["med"],
    prov: "110000",
    city: null,
  },
];

beforeAll(async () => {
  app = await startTestApp({ now: NOW });
  await createObject(app.admin, "tag", "标签", "Tag");
  await addField(app.admin, "tag", { api_name: "name", type: "text" });
  tagIds = (
    await app.admin.post("/api/records/tag/bulk", { records: [{ name: "t1" }, { name: "t2" }] })
  ).body.records.map((r: { id: string }) => r.id);
  await createObject(app.admin, "account", "客户", "Account");
  const options = (values: string[]) => values.map((value) => ({ value, labels: label(value, value) }));
  for (const field of [
    { api_name: "name", type: "text" },
    { api_name: "region", type: "single_select", config: { options: options(["east", "south", "north"]) } },
    { api_name: "amount", type: "currency", indexed: true },
    { api_name: "score", type: "number" },
    { api_name: "due", type: "date" },
    { api_name: "seen", type: "datetime" },
    { api_name: "vip", type: "boolean" },
    { api_name: "areas", type: "multi_select", config: { options: options(["auto", "med", "chip"]) } },
    { api_name: "addr", type: "address" },
    {
      api_name: "tags",
      type: "relation",
      config: {
        relation: {
          target: "tag",
          cardinality: "many_to_many",
          inverse_name: "accounts",
          inverse_labels: label("客户", "Accounts"),
        },
      },
    },
  ]) {
    await addField(app.admin, "account", field);
  }
  for (const [index, row] of rows.entries()) {
    const { prov, city, ...values } = row;
    const body = {
      ...values,
      amount: row.amount === null ? null : { amount: row.amount, currency: "CNY" },
      addr: prov ? { province: prov, city } : null,
      tags: index < 2 ? [tagIds[index]] : index === 2 ? tagIds : [],
    };
    const response = await app.admin.post("/api/records/account", body);
    expect(response.status, response.text).toBe(201);
    ids[row.name] = response.body.id;
  }
});
afterAll(() => app?.close());

async function names(filter: unknown, extra = "", client = app.admin): Promise<string[]> {
  const response = await client.get(
    `/api/records/account?limit=100&filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`,
  );
  expect(response.status, response.text).toBe(200);
  return response.body.records.map((r: { name: string }) => r.name).sort();
}

async function queryNames(filter: unknown): Promise<string[]> {
  const response = await app.admin.post("/api/records/account/query", { filter, limit: 100 });
  expect(response.status, response.text).toBe(200);
  return response.body.records.map((r: { name: string }) => r.name).sort();
}

describe("every filter operator", () => {
  const cases: Array<[string, unknown, string[]]> = [
    ["eq", { region: { eq: "east" } }, ["Alpha 华东", "Gamma"]],
    ["neq includes blanks", { region: { neq: "east" } }, ["Epsilon 😀", "beta_50%", "delta"]],
    ["lt", { score: { lt: 5 } }, ["delta"]],
    ["lte", { score: { lte: 5 } }, ["Alpha 华东", "Epsilon 😀", "delta"]],
    ["gt on money", { amount: { gt: "100" } }, ["Gamma", "beta_50%"]],
    ["gte on money", { amount: { gte: 100 } }, ["Alpha 华东", "Gamma", "beta_50%"]],
    ["in", { region: { in: ["south", "north"] } }, ["Epsilon 😀", "beta_50%"]],
    ["nin includes blanks", { region: { nin: ["east"] } }, ["Epsilon 😀", "beta_50%", "delta"]],
    ["contains is case-insensitive", { name: { contains: "ALPHA" } }, ["Alpha 华东"]],
    ["contains treats % and _ literally", { name: { contains: "_50%" } }, ["beta_50%"]],
    ["contains CJK", { name: { contains: "华东" } }, ["Alpha 华东"]],
    ["starts_with", { name: { starts_with: "e" } }, ["Epsilon 😀"]],
    ["is_empty", { score: { is_empty: true } }, ["beta_50%"]],
    ["is_not_empty", { due: { is_not_empty: true } }, ["Alpha 华东", "Epsilon 😀", "Gamma", "beta_50%"]],
    ["between dates", { due: { between: ["2026-03-01", "2026-03-31"] } }, ["Alpha 华东", "beta_50%"]],
    ["boolean eq", { vip: { eq: true } }, ["Alpha 华东", "delta"]],
    ["multi select contains all", { areas: { contains: ["auto", "med"] } }, ["beta_50%"]],
    ["multi select in any", { areas: { in: ["chip", "med"] } }, ["Epsilon 😀", "beta_50%", "delta"]],
    ["multi select nin", { areas: { nin: ["auto"] } }, ["Epsilon 😀", "Gamma", "delta"]],
    ["address in at any level", { addr: { in: ["320000"] } }, ["Alpha 华东", "delta"]],
    ["address city", { addr: { in: ["440300"] } }, ["beta_50%"]],
    ["many-to-many contains", () => ({ tags: { contains: [tagIds[0]] } }), ["Alpha 华东", "Gamma"]],
    ["many-to-many in", () => ({ tags: { in: [tagIds[1]] } }), ["Gamma", "beta_50%"]],
    ["many-to-many is_empty", { tags: { is_empty: true } }, ["Epsilon 😀", "delta"]],
    [
      "and / or / not",
      {
        or: [
          { and: [{ region: { eq: "east" } }, { score: { gt: 10 } }] },
          { not: { vip: { is_not_empty: true } } },
        ],
      },
      ["Gamma"],
    ],
    ["datetime gte", { seen: { gte: "2026-03-14T00:00:00+08:00" } }, ["Alpha 华东", "Epsilon 😀"]],
  ];
  it.each(cases)("%s", async (_, filterOrThunk, expected) => {
    // Some filters name records created in beforeAll, so they are built when the test runs.
    const filter = typeof filterOrThunk === "function" ? filterOrThunk() : filterOrThunk;
    expect(await names(filter)).toEqual([...expected].sort());
    expect(await queryNames(filter)).toEqual([...expected].sort());
  });
});

describe("relative dates from the server clock", () => {
  it("resolves within for dates and datetimes in the org time zone", async () => {
    expect(await names({ due: { within: "today" } })).toEqual(["Alpha 华东"]);
    expect(await names({ due: { within: "next_7_days" } })).toEqual(["Alpha 华东", "beta_50%"]);
    expect(await names({ due: { within: "this_month" } })).toEqual(["Alpha 华东", "beta_50%"]);
    expect(await names({ due: { within: "last_month" } })).toEqual(["Epsilon 😀"]);
    // 2026-03-14T16:30Z is 00:30 on the 15th in Shanghai: "today" there, "yesterday" in UTC.
    expect(await names({ seen: { within: "today" } })).toEqual(["Alpha 华东", "Epsilon 😀"]);
    expect(await names({ seen: { within: "last_7_days" } })).toEqual([
      "Alpha 华东",
      "Epsilon 😀",
      "beta_50%",
    ]);
  });

  it("moves with the clock", async () => {
    // An API token outlives the jump (a session would expire after 14 days of clock time).
    const client = app.anonymous.withToken(
      (await app.admin.post("/api/auth/tokens", { name: "clock" })).body.token,
    );
    try {
      app.clock.set(new Date("2026-04-18T02:00:00Z"));
      expect(await names({ due: { within: "next_7_days" } }, "", client)).toEqual(["Gamma"]);
      expect(await names({ due: { within: "this_month" } }, "", client)).toEqual(["Gamma"]);
      expect(await names({ due: { within: "today" } }, "", client)).toEqual([]);
    } finally {
      app.clock.set(NOW);
    }
  });
});

describe("sort and cursor pagination", () => {
  it("pages through every record exactly once under multi-key sorts with blanks", async () => {
    for (const sort of [
      "-score,name",
      "score,-name",
      "region,amount",
      "-due",
      "name",
      "-amount,-score",
      "",
    ]) {
      const all = (
        await app.admin.get(`/api/records/account?limit=100${sort ? `&sort=${sort}` : ""}`)
      ).body.records.map((r: { id: string }) => r.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const response: { body: { records: Array<{ id: string }>; next_cursor: string | null } } =
          await app.admin.get(
            `/api/records/account?limit=2${sort ? `&sort=${sort}` : ""}${cursor ? `&cursor=${cursor}` : ""}`,
          );
        paged.push(...response.body.records.map((r) => r.id));
        cursor = response.body.next_cursor;
      } while (cursor);
      expect(paged, sort).toEqual(all);
      expect(new Set(paged).size).toBe(rows.length);
    }
  });

  it("sorts blanks last ascending and first descending", async () => {
    const asc = (await app.admin.get("/api/records/account?sort=score,name")).body.records.map(
      (r: { score: number | null }) => r.score,
    );
    expect(asc).toEqual([-3, 5, 5, 12, null]);
    const desc = (await app.admin.get("/api/records/account?sort=-score")).body.records.map(
      (r: { score: number | null }) => r.score,
    );
    expect(desc).toEqual([null, 12, 5, 5, -3]);
  });

  it("counts on request", async () => {
    const response = await app.admin.get(
      `/api/records/account?limit=1&count=true&filter=${encodeURIComponent(JSON.stringify({ vip: { eq: false } }))}`,
    );
    expect(response.body.total).toBe(2);
    expect(response.body.records).toHaveLength(1);
  });

  it("refuses a cursor from another sort, an unknown sort field and a limit over 1,000", async () => {
    const first = (await app.admin.get("/api/records/account?limit=1&sort=name")).body.next_cursor;
    expect((await app.admin.get(`/api/records/account?limit=1&sort=-name&cursor=${first}`)).body.code).toBe(
      "INVALID_CURSOR",
    );
    expect((await app.admin.get("/api/records/account?cursor=garbage")).body.code).toBe("INVALID_CURSOR");
    expect((await app.admin.get("/api/records/account?sort=nope")).body.code).toBe("INVALID_SORT");
    expect((await app.admin.get("/api/records/account?sort=areas")).body.code).toBe("INVALID_SORT");
    const tooMany = await app.admin.get("/api/records/account?limit=1001");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toContain("limit");
  });
});

describe("filters carrying SQL", () => {
  const table = () => `"${app.database.schemas.workspace}"."account"`;
  const payloads = [
    "'); DROP TABLE account; --",
    '" OR 1=1 --',
    "x' UNION SELECT password_hash FROM users --",
    "1; SELECT pg_sleep(10)",
  ];

  it("treats values as harmless literals that never reach the SQL text", async () => {
    for (const payload of payloads) {
      app.queries.length = 0;
      expect(await names({ name: { eq: payload } })).toEqual([]);
      expect(await names({ name: { contains: payload } })).toEqual([]);
      expect(app.queries.join("\n")).not.toContain(payload);
      expect(app.queries.some((q) => /drop|pg_sleep|union/i.test(q))).toBe(false);
    }
    expect((await app.admin.get("/api/records/account")).body.records).toHaveLength(rows.length);
  });

  it("rejects field names and operators carrying SQL with 400, running no statement on the table", async () => {
    const attempts: unknown[] = [
      { 'name" = name OR 1=1 --': { eq: "x" } },
      { name: { "eq OR 1=1": "x" } },
      { and: [{ "name; DROP TABLE account": { eq: 1 } }] },
    ];
    for (const filter of attempts) {
      app.queries.length = 0;
      const response = await app.admin.get(
        `/api/records/account?filter=${encodeURIComponent(JSON.stringify(filter))}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("INVALID_FILTER");
      expect(app.queries.filter((q) => q.includes(table()))).toEqual([]);
    }
    const sort = await app.admin.get(
      `/api/records/account?sort=${encodeURIComponent("name; DROP TABLE account")}`,
    );
    expect(sort.status).toBe(400);
    const badValue = await app.admin.get(
      `/api/records/account?filter=${encodeURIComponent(JSON.stringify({ score: { gt: "1 OR 1=1" } }))}`,
    );
    expect(badValue.status).toBe(400);
    expect(badValue.body.errors[0]).toMatchObject({ field: "filter.score.gt", code: "invalid_type" });
    expect((await app.admin.get("/api/records/account")).body.records).toHaveLength(rows.length);
  });

  it("rejects malformed filter JSON and unknown relative-date tokens", async () => {
    expect((await app.admin.get("/api/records/account?filter=%7Bnot-json")).body.code).toBe("INVALID_FILTER");
    const response = await app.admin.get(
      `/api/records/account?filter=${encodeURIComponent(JSON.stringify({ due: { within: "last_week'; --" } }))}`,
    );
    expect(response.status).toBe(400);
  });
});
