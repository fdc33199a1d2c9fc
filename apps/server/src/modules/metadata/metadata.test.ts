import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createCrmFixture, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
});
afterAll(() => app?.close());

async function columns(table: string) {
  const { rows } = await sql<{ column_name: string; data_type: string; is_nullable: string }>`
    SELECT column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = ${app.database.schemas.workspace} AND table_name = ${table}`.execute(
    app.database.db,
  );
  return new Map(rows.map((r) => [r.column_name, r]));
}

async function metaVersion() {
  return (await app.admin.get("/api/meta/objects")).body.version as number;
}

describe("objects and fields become real tables and columns", () => {
  it("creates a column of the right SQL type for every field type", async () => {
    const cols = await columns("customer");
    expect(cols.get("name")?.data_type).toBe("text");
    expect(cols.get("name")?.is_nullable).toBe("NO");
    expect(cols.get("employees")?.data_type).toBe("bigint");
    expect(cols.get("revenue")?.data_type).toBe("numeric");
    expect(cols.get("revenue__currency")?.data_type).toBe("text");
    expect(cols.get("founded")?.data_type).toBe("date");
    expect(cols.get("last_contact")?.data_type).toBe("timestamp with time zone");
    expect(cols.get("active")?.data_type).toBe("boolean");
    expect(cols.get("industries")?.data_type).toBe("ARRAY");
    expect(cols.get("account_manager")?.data_type).toBe("uuid");
    expect(cols.get("files")?.data_type).toBe("jsonb");
    expect(cols.get("address__district")?.data_type).toBe("text");
    expect(cols.has("tags")).toBe(false); // many-to-many lives in a junction table
    const contact = await columns("contact");
    expect(contact.get("customer")?.data_type).toBe("uuid");
  });

  it("keeps object tables out of the public schema", async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables
      WHERE table_schema = 'public' AND table_name IN ('customer', 'contact')`.execute(app.database.db);
    expect(rows[0]?.n).toBe(0);
  });

  it("describes the reverse one-to-many list on the target object", async () => {
    const customer = (await app.admin.get("/api/meta/objects/customer")).body;
    expect(customer.related_lists).toContainEqual(
      expect.objectContaining({
        api_name: "contacts",
        source_object: "contact",
        source_field: "customer",
        cardinality: "one_to_many",
      }),
    );
    const tag = (await app.admin.get("/api/meta/objects/tag")).body;
    expect(tag.related_lists).toContainEqual(
      expect.objectContaining({ api_name: "customers", cardinality: "many_to_many" }),
    );
  });

  it("changes labels without touching the API name", async () => {
    const response = await app.admin.patch("/api/meta/objects/tag", {
      labels: label("客户标签", "Customer tag"),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      api_name: "tag",
      labels: { "zh-CN": "客户标签", en: "Customer tag" },
    });
    const field = await app.admin.patch("/api/meta/objects/tag/fields/name", {
      labels: label("名称", "Title"),
    });
    expect(field.body).toMatchObject({ api_name: "name", labels: { en: "Title" } });
  });

  it("bumps the metadata version on every change", async () => {
    const before = await metaVersion();
    await addField(app.admin, "tag", { api_name: "color", type: "text" });
    expect(await metaVersion()).toBe(before + 1);
  });
});

describe("bad definitions are refused with field errors and change nothing", () => {
  it("rejects invalid and reserved API names", async () => {
    for (const apiName of ["Customer", "1abc", "a", "drop table x", "has__double", "x;--"]) {
      const response = await app.admin.post("/api/meta/objects", {
        api_name: apiName,
        labels: label("x", "x"),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(response.body.errors).toContainEqual(
        expect.objectContaining({ field: "api_name", code: "invalid_api_name" }),
      );
    }
    const reserved = await app.admin.post("/api/meta/objects/customer/fields", {
      api_name: "created_at",
      type: "text",
      labels: label("x", "x"),
    });
    expect(reserved.status).toBe(400);
    expect(reserved.body.errors).toContainEqual(
      expect.objectContaining({ field: "api_name", code: "reserved_name" }),
    );
    const reservedObject = await app.admin.post("/api/meta/objects", {
      api_name: "users",
      labels: label("x", "x"),
    });
    expect(reservedObject.body.errors).toContainEqual(expect.objectContaining({ code: "reserved_name" }));
  });

  it("reports every problem of a field definition at once, translated", async () => {
    app.admin.locale = "zh-CN";
    const response = await app.admin.post("/api/meta/objects/customer/fields", {
      api_name: "Bad Name",
      type: "single_select",
      // One language would do (the other falls back to it); none is a problem.
      labels: { en: " " },
      config: { options: [] },
    });
    app.admin.locale = "en";
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["api_name", "labels.zh-CN", "config.options"]));
    expect(response.body.title).toBe("输入有误");
  });

  it("refuses duplicates of object and field names", async () => {
    expect(
      (await app.admin.post("/api/meta/objects", { api_name: "customer", labels: label("x", "x") })).status,
    ).toBe(409);
    const field = await app.admin.post("/api/meta/objects/customer/fields", {
      api_name: "name",
      type: "text",
      labels: label("x", "x"),
    });
    expect(field.status).toBe(409);
    // A field may not take the name of a reverse list pointing at the object either.
    const clash = await app.admin.post("/api/meta/objects/customer/fields", {
      api_name: "contacts",
      type: "text",
      labels: label("x", "x"),
    });
    expect(clash.status).toBe(409);
  });

  it("answers 404 for unknown objects and fields", async () => {
    expect((await app.admin.get("/api/meta/objects/nothing")).body.code).toBe("OBJECT_NOT_FOUND");
    expect((await app.admin.get("/api/meta/objects/customer/fields/nothing")).body.code).toBe(
      "FIELD_NOT_FOUND",
    );
  });

  it("lets only admins change metadata", async () => {
    const created = await app.admin.post("/api/users", {
      email: "rep@keduo.test",
      name: "Rep",
      password: "rep-password-1",
    });
    expect(created.status).toBe(201);
    const rep = await app.login("rep@keduo.test", "rep-password-1");
    expect((await rep.get("/api/meta/objects")).status).toBe(200);
    expect((await rep.post("/api/meta/objects", { api_name: "nope", labels: label("x", "x") })).status).toBe(
      403,
    );
  });
});

describe("changes that would lose or break data", () => {
  beforeAll(async () => {
    await createObject(app.admin, "lead", "线索", "Lead");
    await addField(app.admin, "lead", { api_name: "score", type: "text" });
    await addField(app.admin, "lead", { api_name: "source", type: "text" });
    for (const [score, source] of [
      ["10", "web"],
      ["abc", "web"],
      ["12.5", null],
      [null, "fair"],
    ]) {
      expect((await app.admin.post("/api/records/lead", { score, source })).status).toBe(201);
    }
  });

  it("refuses a type change with unconvertible values, listing them, and changes nothing", async () => {
    const version = await metaVersion();
    const response = await app.admin.patch("/api/meta/objects/lead/fields/score", {
      type: "number",
      config: { scale: 1 },
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("FIELD_CHANGE_REFUSED");
    expect(response.body.offending_count).toBe(1);
    expect(response.body.offending_records.map((r: { value: unknown }) => r.value)).toEqual(["abc"]);
    expect((await columns("lead")).get("score")?.data_type).toBe("text");
    expect((await app.admin.get("/api/meta/objects/lead/fields/score")).body.type).toBe("text");
    expect(await metaVersion()).toBe(version);
  });

  it("dry-runs a change: plans it, checks it, applies nothing", async () => {
    const bad = (
      await app.admin.get(
        `/api/records/lead?filter=${encodeURIComponent(JSON.stringify({ score: { eq: "abc" } }))}`,
      )
    ).body.records[0];
    await app.admin.patch(`/api/records/lead/${bad.id}`, { score: "7" });
    const dry = await app.admin.patch("/api/meta/objects/lead/fields/score?dry_run=true", {
      type: "number",
      config: { scale: 1 },
    });
    expect(dry.status).toBe(200);
    expect(dry.body.dry_run).toBe(true);
    expect(dry.body.statements.join("\n")).toContain("ALTER TABLE");
    expect((await columns("lead")).get("score")?.data_type).toBe("text");
  });

  it("converts once every value fits", async () => {
    const response = await app.admin.patch("/api/meta/objects/lead/fields/score", {
      type: "number",
      config: { scale: 1 },
    });
    expect(response.status, response.text).toBe(200);
    expect((await columns("lead")).get("score")?.data_type).toBe("numeric");
    const list = await app.admin.get("/api/records/lead?sort=score");
    expect(list.body.records.map((r: { score: unknown }) => r.score)).toEqual([7, 10, 12.5, null]);
  });

  it("refuses required over blanks and unique over duplicates, with the records", async () => {
    const required = await app.admin.patch("/api/meta/objects/lead/fields/source", { required: true });
    expect(required.status).toBe(409);
    expect(required.body).toMatchObject({ reason: "blank", offending_count: 1 });
    const unique = await app.admin.patch("/api/meta/objects/lead/fields/source", { unique: true });
    expect(unique.status).toBe(409);
    expect(unique.body).toMatchObject({ reason: "duplicate", offending_count: 2 });
    expect((await columns("lead")).get("source")?.is_nullable).toBe("YES");
  });

  it("refuses removing a select option that records still use", async () => {
    await addField(app.admin, "lead", {
      api_name: "stage",
      type: "single_select",
      config: {
        options: [
          { value: "new", labels: label("新", "New") },
          { value: "won", labels: label("赢单", "Won") },
        ],
      },
    });
    const lead = (await app.admin.get("/api/records/lead")).body.records[0];
    await app.admin.patch(`/api/records/lead/${lead.id}`, { stage: "won" });
    const response = await app.admin.patch("/api/meta/objects/lead/fields/stage", {
      config: { options: [{ value: "new", labels: label("新", "New") }] },
    });
    expect(response.status).toBe(409);
    expect(response.body.offending_records[0].id).toBe(lead.id);
  });

  it("leaves metadata and table as they were when a change fails halfway", async () => {
    // An out-of-band column makes the second ADD COLUMN of a currency field fail after the first succeeded.
    await sql`ALTER TABLE ${sql.id(app.database.schemas.workspace, "lead")} ADD COLUMN price__currency text`.execute(
      app.database.db,
    );
    const version = await metaVersion();
    const response = await app.admin.post("/api/meta/objects/lead/fields", {
      api_name: "price",
      type: "currency",
      labels: label("价格", "Price"),
    });
    expect(response.status).toBe(500);
    expect(response.text).not.toMatch(/price__currency|ALTER|42701|duplicate column/i);
    expect((await columns("lead")).has("price")).toBe(false);
    expect(
      (await app.admin.get("/api/meta/objects/lead")).body.fields.map(
        (f: { api_name: string }) => f.api_name,
      ),
    ).not.toContain("price");
    expect(await metaVersion()).toBe(version);
    await sql`ALTER TABLE ${sql.id(app.database.schemas.workspace, "lead")} DROP COLUMN price__currency`.execute(
      app.database.db,
    );
  });

  it("rolls back a new field whose constraint the data violates", async () => {
    const response = await app.admin.post("/api/meta/objects/lead/fields", {
      api_name: "region",
      type: "text",
      unique: true,
      default: "华东",
      labels: label("区域", "Region"),
    });
    expect(response.status).toBe(409);
    expect((await columns("lead")).has("region")).toBe(false);
  });
});

describe("deleting a field hides it; purge drops it", () => {
  it("keeps the data, drops NOT NULL, restores, then purges", async () => {
    await createObject(app.admin, "deal", "商机", "Deal");
    await addField(app.admin, "deal", { api_name: "title", type: "text" });
    await addField(app.admin, "deal", { api_name: "secret", type: "text", required: true });
    const record = (await app.admin.post("/api/records/deal", { title: "t", secret: "s1" })).body;
    expect((await app.admin.delete("/api/meta/objects/deal/fields/secret")).status).toBe(200);
    expect((await app.admin.get(`/api/records/deal/${record.id}`)).body).not.toHaveProperty("secret");
    expect((await app.admin.post("/api/records/deal", { title: "no secret" })).status).toBe(201);
    expect((await app.admin.post("/api/records/deal", { secret: "x" })).body.errors[0]).toMatchObject({
      field: "secret",
      code: "unknown_field",
    });
    // Restoring needs the constraint to hold again: the record created meanwhile has no value.
    expect((await app.admin.post("/api/meta/objects/deal/fields/secret/restore")).status).toBe(409);
    // A hidden field can only be restored or purged, not changed.
    expect(
      (await app.admin.patch("/api/meta/objects/deal/fields/secret", { labels: label("密", "Secret") }))
        .status,
    ).toBe(404);
    const list = (await app.admin.get("/api/records/deal")).body.records;
    expect(list).toHaveLength(2);
    expect((await app.admin.post("/api/meta/objects/deal/fields/secret/purge")).status).toBe(204);
    expect((await columns("deal")).has("secret")).toBe(false);
  });

  it("restores a hidden field with its data", async () => {
    await addField(app.admin, "deal", { api_name: "memo", type: "text" });
    const record = (await app.admin.post("/api/records/deal", { title: "m", memo: "keep me" })).body;
    await app.admin.delete("/api/meta/objects/deal/fields/memo");
    expect((await app.admin.post("/api/meta/objects/deal/fields/memo/restore")).status).toBe(200);
    expect((await app.admin.get(`/api/records/deal/${record.id}`)).body.memo).toBe("keep me");
  });

  it("refuses to delete an object other objects relate to", async () => {
    const response = await app.admin.delete("/api/meta/objects/customer");
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("OBJECT_IN_USE");
  });

  it("lists the schema changes it applied", async () => {
    const response = await app.admin.get("/api/meta/schema-changes?limit=5");
    const response2 = await app.admin.get("/api/meta/schema-changes?limit=1000");
    const created = response2.body.changes.find(
      (c: { description: string }) => c.description === "create field deal.memo",
    );
    expect(created.statements.join("\n")).toMatch(/ALTER TABLE .*"deal" ADD COLUMN "memo" text/);
    expect(response.body.changes).toHaveLength(5);
  });
});

describe("several app instances", () => {
  it("never act on stale metadata: another instance's change is seen on the next request", async () => {
    const other = await startTestApp({ sameDatabaseAs: app });
    try {
      await other.admin.get("/api/meta/objects/deal"); // warm the other instance's cache
      await addField(app.admin, "deal", { api_name: "budget", type: "currency" });
      const fields = (await other.admin.get("/api/meta/objects/deal")).body.fields.map(
        (f: { api_name: string }) => f.api_name,
      );
      expect(fields).toContain("budget");
      const created = await other.admin.post("/api/records/deal", {
        title: "via other",
        budget: { amount: "10", currency: "CNY" },
      });
      expect(created.status, created.text).toBe(201);
      await app.admin.delete("/api/meta/objects/deal/fields/budget");
      const refused = await other.admin.post("/api/records/deal", { title: "x", budget: { amount: "10" } });
      expect(refused.body.errors).toContainEqual(
        expect.objectContaining({ field: "budget", code: "unknown_field" }),
      );
    } finally {
      await other.close();
    }
  });
});

describe("composite indexes", () => {
  const indexesOf = async (table: string) =>
    (
      await sql<{
        indexdef: string;
      }>`SELECT indexdef FROM pg_indexes WHERE schemaname = ${app.database.schemas.workspace}
        AND tablename = ${table} AND indexname LIKE 'cx_%'`.execute(app.database.db)
    ).rows.map((r) => r.indexdef);

  it("creates and drops declared (field, field, id) indexes with the object definition", async () => {
    const response = await app.admin.patch("/api/meta/objects/customer", {
      indexes: [{ fields: ["tier", "employees"] }],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.indexes).toEqual([{ fields: ["tier", "employees"] }]);
    const defs = await indexesOf("customer");
    expect(defs).toHaveLength(1);
    expect(defs[0]).toMatch(/\(tier, employees, id\) WHERE \(deleted_at IS NULL\)/);
    expect((await app.admin.patch("/api/meta/objects/customer", { indexes: [] })).status).toBe(200);
    expect(await indexesOf("customer")).toEqual([]);
  });

  it("refuses unknown, unindexable or repeated fields and changes nothing", async () => {
    for (const indexes of [
      [{ fields: ["tier"] }],
      [{ fields: ["tier", "nosuch"] }],
      [{ fields: ["tier", "tags"] }],
      [{ fields: ["tier", "tier"] }],
    ]) {
      const response = await app.admin.patch("/api/meta/objects/customer", { indexes });
      expect(response.status).toBe(400);
    }
    expect(await indexesOf("customer")).toEqual([]);
  });
});
