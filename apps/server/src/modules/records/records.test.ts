import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrmFixture } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
let tagIds: string[] = [];
let fileId: string;

const fullCustomer = () => ({
  name: "苏州精密零件有限公司 🚀",
  notes: "  multi\nline  ",
  profile: '<p onclick="x()">Hello <script>alert(1)</script><b>world</b></p>',
  employees: 250,
  revenue: { amount: "12345678.9", currency: "USD" },
  discount: 12.5,
  founded: "2008-02-29",
  last_contact: "2026-03-14T09:30:00+08:00",
  active: true,
  tier: "a",
  industries: ["auto", "chip"],
  email: `buyer-${Math.random()}@example.cn`,
  phone: "+86 512-6666 8888",
  website: "https://example.cn/about",
  address: { province: "320000", city: "320500", district: "320508", detail: "干将西路 1 号" },
  account_manager: app.server.firstAdmin ? undefined : undefined,
  tags: tagIds,
  files: [fileId],
});

beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
  const tags = await app.admin.post("/api/records/tag/bulk", {
    records: [{ name: "VIP" }, { name: "海外" }],
  });
  tagIds = tags.body.records.map((r: { id: string }) => r.id);
  const upload = await app.admin.request("POST", "/api/files", new Uint8Array([1, 2, 3]), {
    "content-type": "application/pdf",
    "x-file-name": encodeURIComponent("合同.pdf"),
  });
  fileId = upload.body.id;
});
afterAll(() => app?.close());

const countRows = async (table: string) =>
  Number(
    (
      await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM ${sql.id(app.database.schemas.workspace, table)}`.execute(app.database.db)
    ).rows[0]?.n,
  );

describe("create and read every field type", () => {
  it("stores and returns normalised values", async () => {
    const me = (await app.admin.get("/api/auth/me")).body.user;
    const response = await app.admin.post("/api/records/customer", {
      ...fullCustomer(),
      account_manager: me.id,
    });
    expect(response.status, response.text).toBe(201);
    const record = response.body;
    expect(response.headers.get("etag")).toBe('"1"');
    expect(record).toMatchObject({
      version: 1,
      name: "苏州精密零件有限公司 🚀",
      notes: "  multi\nline  ",
      employees: 250,
      revenue: { amount: "12345678.90", currency: "USD" },
      discount: 12.5,
      founded: "2008-02-29",
      last_contact: "2026-03-14T01:30:00.000Z",
      active: true,
      tier: "a",
      industries: ["auto", "chip"],
      address: { province: "320000", city: "320500", district: "320508", detail: "干将西路 1 号" },
      account_manager: me.id,
      tags: tagIds,
      files: [{ id: fileId, name: "合同.pdf", size: 3, content_type: "application/pdf" }],
      owner_id: me.id,
      created_by: me.id,
    });
    expect(record.profile).toBe("<p>Hello <b>world</b></p>");
    expect(record.code).toBe("KH-2026-0001");
    const read = await app.admin.get(`/api/records/customer/${record.id}`);
    expect(read.body).toEqual(record);
  });

  it("expands relations and reverse lists in one batched query per relation", async () => {
    const customers = await app.admin.post("/api/records/customer/bulk", {
      records: Array.from({ length: 12 }, (_, i) => ({ name: `批量客户 ${i}`, tags: [tagIds[i % 2]] })),
    });
    expect(customers.status).toBe(201);
    const contacts = customers.body.records.flatMap((c: { id: string }, i: number) =>
      Array.from({ length: 2 }, (_, j) => ({ name: `联系人 ${i}-${j}`, customer: c.id })),
    );
    expect((await app.admin.post("/api/records/contact/bulk", { records: contacts })).status).toBe(201);

    const runExpand = async (limit: number) => {
      app.queries.length = 0;
      const response = await app.admin.get(
        `/api/records/customer?limit=${limit}&sort=name&expand=contacts,tags,account_manager`,
      );
      expect(response.status).toBe(200);
      const touching = app.queries.filter((q) => q.includes(`"${app.database.schemas.workspace}"`));
      return { response, queries: touching.length };
    };
    const small = await runExpand(3);
    const large = await runExpand(12);
    expect(large.queries).toBe(small.queries); // constant, whatever the page size: no N+1
    const first = large.response.body.records.find((r: { name: string }) => r.name === "批量客户 0");
    expect(first.contacts.map((c: { name: string }) => c.name).sort()).toEqual(["联系人 0-0", "联系人 0-1"]);
    expect(first.tags[0]).toMatchObject({ id: tagIds[0], name: "VIP" });

    const contactList = await app.admin.get("/api/records/contact?expand=customer&limit=2");
    expect(contactList.body.records[0].customer).toMatchObject({
      id: expect.any(String),
      name: expect.stringContaining("批量客户"),
    });
    const tag = await app.admin.get(`/api/records/tag/${tagIds[0]}?expand=customers`);
    expect(tag.body.customers.length).toBeGreaterThan(0);
  });

  it("selects fields", async () => {
    const response = await app.admin.get("/api/records/customer?fields=name,tier&limit=1");
    expect(Object.keys(response.body.records[0]).sort()).toEqual(
      [
        "created_at",
        "created_by",
        "id",
        "name",
        "owner_id",
        "tier",
        "updated_at",
        "updated_by",
        "version",
      ].sort(),
    );
  });
});

describe("optimistic concurrency", () => {
  it("answers 412 to a stale If-Match and 200 to the current one", async () => {
    const record = (await app.admin.post("/api/records/customer", { name: "并发" })).body;
    const ok = await app.admin.patch(
      `/api/records/customer/${record.id}`,
      { tier: "b" },
      { "if-match": '"1"' },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await app.admin.patch(
      `/api/records/customer/${record.id}`,
      { tier: "c" },
      { "if-match": '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: "RECORD_VERSION_CONFLICT", current_version: 2 });
  });

  it("lets exactly one of 20 parallel PATCHes with the same version win, with exactly one event", async () => {
    const record = (await app.admin.post("/api/records/customer", { name: "抢单" })).body;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.admin.patch(
          `/api/records/customer/${record.id}`,
          { employees: i + 1 },
          { "if-match": `"${record.version}"` },
        ),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const events = await app.database.db
      .selectFrom("outbox")
      .select(["event_type", "payload"])
      .where("record_id", "=", record.id)
      .where("event_type", "=", "record.updated")
      .execute();
    expect(events).toHaveLength(1);
    const winner = responses.find((r) => r.status === 200)!.body;
    expect((events[0]!.payload as { changes: Record<string, { to: unknown }> }).changes.employees?.to).toBe(
      winner.employees,
    );
  });
});

describe("delete, recycle bin and restore", () => {
  it("soft-deletes, lists the bin, restores", async () => {
    const record = (await app.admin.post("/api/records/customer", { name: "待删除" })).body;
    expect((await app.admin.delete(`/api/records/customer/${record.id}`)).status).toBe(204);
    expect((await app.admin.get(`/api/records/customer/${record.id}`)).status).toBe(404);
    const bin = await app.admin.get("/api/records/customer?deleted=true");
    expect(bin.body.records.map((r: { id: string }) => r.id)).toContain(record.id);
    const restored = await app.admin.post(`/api/records/customer/${record.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(3);
    expect((await app.admin.get(`/api/records/customer/${record.id}`)).status).toBe(200);
  });

  it("answers 409 to a restore that would clash with a unique value", async () => {
    const first = (await app.admin.post("/api/records/customer", { name: "A", email: "same@example.cn" }))
      .body;
    await app.admin.delete(`/api/records/customer/${first.id}`);
    const second = await app.admin.post("/api/records/customer", { name: "B", email: "same@example.cn" });
    expect(second.status).toBe(201); // unique among live records only
    const restore = await app.admin.post(`/api/records/customer/${first.id}/restore`);
    expect(restore.status).toBe(409);
    expect(restore.body).toMatchObject({
      code: "RECORD_RESTORE_CONFLICT",
      errors: [{ field: "email", code: "not_unique" }],
    });
  });

  it("removes a record permanently only for admins and on request", async () => {
    const record = (await app.admin.post("/api/records/tag", { name: "temp" })).body;
    expect((await app.admin.delete(`/api/records/tag/${record.id}?permanent=true`)).status).toBe(204);
    expect(
      (await app.admin.get(`/api/records/tag?deleted=true`)).body.records.map((r: { id: string }) => r.id),
    ).not.toContain(record.id);
  });
});

describe("bulk create", () => {
  // Bulk creates send their rows as one JSON document and build the audit's changes in SQL: every field type
  // must come back exactly as a single create stores it, and the history must show each value once.
  const comparable = ({
    id,
    version,
    created_at,
    updated_at,
    email,
    code,
    ...rest
  }: Record<string, unknown>) => rest;

  it("stores every field type as a single create does and audits each record's values", async () => {
    const { files: _files, ...values } = fullCustomer();
    const single = await app.admin.post("/api/records/customer", { ...values, email: "single@bulk.cn" });
    expect(single.status).toBe(201);
    const bulk = await app.admin.post("/api/records/customer/bulk", {
      records: [0, 1, 2].map((i) => ({ ...values, email: `bulk-${i}@bulk.cn` })),
    });
    expect(bulk.status).toBe(201);
    // The answer's bytes are made by the write itself (a presenter), not by Fastify's serializer.
    expect(bulk.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(bulk.body.records.map((r: { email: string }) => r.email)).toEqual([
      "bulk-0@bulk.cn",
      "bulk-1@bulk.cn",
      "bulk-2@bulk.cn",
    ]);
    for (const record of bulk.body.records) {
      expect(comparable(record)).toEqual(comparable(single.body));
      const stored = await app.admin.get(`/api/records/customer/${record.id}`);
      expect(comparable(stored.body)).toEqual(comparable(single.body));
    }
    const history = await app.admin.get(`/api/records/customer/${bulk.body.records[1].id}/history`);
    const created = history.body.entries.find((e: { action: string }) => e.action === "record.create");
    expect(created.changes).toMatchObject({
      email: { from: null, to: "bulk-1@bulk.cn" },
      industries: { from: null, to: ["auto", "chip"] },
      revenue: { from: null, to: single.body.revenue },
      founded: { from: null, to: "2008-02-29" },
      tags: { from: null, to: tagIds },
    });
  });

  it("audits an empty record's creation with no changes", async () => {
    const response = await app.admin.post("/api/records/tag/bulk", { records: [{ name: "空" }] });
    const history = await app.admin.get(`/api/records/tag/${response.body.records[0].id}/history`);
    expect(history.body.entries[0].changes).toEqual({ name: { from: null, to: "空" } });
  });
});

describe("bulk writes are all or nothing", () => {
  it("writes nothing when one record of the batch is bad, naming it", async () => {
    const before = await countRows("tag");
    const response = await app.admin.post("/api/records/tag/bulk", {
      records: [{ name: "ok 1" }, { name: 42 }, { name: "ok 2" }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: "records.1.name", code: "invalid_type" }),
    ]);
    expect(await countRows("tag")).toBe(before);
  });

  it("rolls back the whole batch on a database-caught conflict", async () => {
    const before = await countRows("customer");
    const response = await app.admin.post("/api/records/customer/bulk", {
      records: [
        { name: "x", email: "dupe@example.cn" },
        { name: "y", email: "dupe@example.cn" },
      ],
    });
    expect(response.status).toBe(409);
    expect(response.body.errors[0]).toMatchObject({ field: "email", code: "not_unique" });
    expect(await countRows("customer")).toBe(before);
  });

  it("updates and deletes in bulk", async () => {
    const created = (
      await app.admin.post("/api/records/tag/bulk", { records: [{ name: "b1" }, { name: "b2" }] })
    ).body.records;
    const updated = await app.admin.patch("/api/records/tag/bulk", {
      records: created.map((r: { id: string; version: number }) => ({
        id: r.id,
        version: r.version,
        name: `${r.id.slice(0, 4)}!`,
      })),
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(updated.body.records.map((r: { name: string }) => r.name)).toEqual(
      created.map((r: { id: string }) => `${r.id.slice(0, 4)}!`),
    );
    expect(updated.body.records.every((r: { version: number }) => r.version === 2)).toBe(true);
    const stale = await app.admin.patch("/api/records/tag/bulk", {
      records: [{ id: created[0].id, version: 1, name: "z" }],
    });
    expect(stale.status).toBe(412);
    const deleted = await app.admin.post("/api/records/tag/bulk-delete", {
      records: created.map((r: { id: string }) => ({ id: r.id })),
    });
    expect(deleted.body).toEqual({ deleted: 2 });
  });

  it("refuses more than 1,000 records per call", async () => {
    const response = await app.admin.post("/api/records/tag/bulk", {
      records: Array.from({ length: 1001 }, () => ({ name: "n" })),
    });
    expect(response.status).toBe(400);
  });
});

describe("auto-numbers", () => {
  it("are gap-free when a create fails and restart each year in the org time zone", async () => {
    const a = (await app.admin.post("/api/records/customer", { name: "n1" })).body.code;
    const failed = await app.admin.post("/api/records/customer", { name: "n2", email: "not-an-email" });
    expect(failed.status).toBe(400);
    const b = (await app.admin.post("/api/records/customer", { name: "n3" })).body.code;
    expect(Number(b.slice(-4))).toBe(Number(a.slice(-4)) + 1);
    // 2026-12-31T16:00Z is already 2027-01-01 in Asia/Shanghai; 15:59Z is still 2026.
    // A token does not expire with the clock jump (a session would, after 14 days).
    const token = (await app.admin.post("/api/auth/tokens", { name: "time travel" })).body.token;
    const client = app.anonymous.withToken(token);
    try {
      app.clock.set(new Date("2026-12-31T15:59:00Z"));
      expect((await client.post("/api/records/customer", { name: "old year" })).body.code).toMatch(
        /^KH-2026-/,
      );
      app.clock.set(new Date("2026-12-31T16:00:00Z"));
      const newYear = client;
      expect((await newYear.post("/api/records/customer", { name: "new year" })).body.code).toBe(
        "KH-2027-0001",
      );
      expect((await newYear.post("/api/records/customer", { name: "new year 2" })).body.code).toBe(
        "KH-2027-0002",
      );
    } finally {
      app.clock.set(new Date("2026-03-15T02:00:00Z"));
    }
    const written = await app.admin.post("/api/records/customer", { name: "x", code: "KH-1" });
    expect(written.body.errors).toContainEqual(expect.objectContaining({ field: "code", code: "read_only" }));
  });
});

describe("outbox", () => {
  it("holds one event per committed change and none for rolled-back ones", async () => {
    const before = await app.database.db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    await app.admin.post("/api/records/tag/bulk", { records: [{ name: "e1" }, { name: 1 }] });
    const created = await app.admin.post("/api/records/tag/bulk", {
      records: [{ name: "e1" }, { name: "e2" }],
    });
    const after = await app.database.db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(2);
    const event = await app.database.db
      .selectFrom("outbox")
      .selectAll()
      .where("record_id", "=", created.body.records[0].id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ event_type: "record.created", object: "tag", source: "user", depth: 0 });
  });
});
