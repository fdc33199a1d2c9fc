import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { createPipelineFixture } from "../../test/pipeline-fixture.ts";
import { signedInUser } from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

let app: TestApp;
let rep: { id: string; client: HttpClient };
const relation = (target: string, inverse: string) => ({
  relation: {
    target,
    cardinality: "many_to_one",
    inverse_name: inverse,
    inverse_labels: label(inverse, inverse),
  },
});

/** Accounts with contacts, deals (in pipelines) and activities; an overview of the account over all of them. */
beforeAll(async () => {
  app = await startTestApp();
  await createPipelineFixture(app.admin);
  await createObject(app.admin, "account", "客户", "Account");
  await addField(app.admin, "account", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "account", { api_name: "rating", type: "number" });
  await addField(app.admin, "account", { api_name: "secret", type: "text" });
  await addField(app.admin, "deal", {
    api_name: "account",
    type: "relation",
    config: relation("account", "deals"),
  });
  await createObject(app.admin, "contact", "联系人", "Contact");
  await addField(app.admin, "contact", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "contact", {
    api_name: "account",
    type: "relation",
    config: relation("account", "contacts"),
  });
  await createObject(app.admin, "activity", "跟进", "Activity");
  await addField(app.admin, "activity", { api_name: "subject", type: "text", required: true });
  await addField(app.admin, "activity", { api_name: "occurred_at", type: "datetime" });
  await addField(app.admin, "activity", {
    api_name: "type",
    type: "single_select",
    config: {
      options: [
        { value: "call", labels: label("电话", "Call") },
        { value: "visit", labels: label("拜访", "Visit") },
      ],
    },
  });
  await addField(app.admin, "activity", {
    api_name: "account",
    type: "relation",
    config: relation("account", "activities"),
  });
  const defined = await app.admin.request("PUT", "/api/meta/objects/account/overview", {
    kpis: [
      {
        key: "open_pipeline",
        labels: label("在途商机", "Open pipeline"),
        source: "related",
        object: "deal",
        via: "account",
        fn: "sum",
        field: "amount",
        filter: { stage: { nin: ["won", "lost"] } },
      },
      {
        key: "deals",
        labels: label("商机数", "Deals"),
        source: "related",
        object: "deal",
        via: "account",
        fn: "count",
      },
      {
        key: "last_contact",
        labels: label("最近联系", "Last contact"),
        source: "related",
        object: "activity",
        via: "account",
        fn: "max",
        field: "occurred_at",
      },
      { key: "rating", labels: label("评分", "Rating"), source: "record", field: "rating" },
    ],
    sections: [
      {
        key: "contacts",
        labels: label("联系人", "Contacts"),
        object: "contact",
        via: "account",
        fields: ["name"],
        sort: "name",
      },
      {
        key: "deals",
        labels: label("商机", "Deals"),
        object: "deal",
        via: "account",
        fields: ["title", "amount", "stage", "account"],
        limit: 2,
      },
      {
        key: "activities",
        labels: label("跟进", "Activities"),
        object: "activity",
        via: "account",
        fields: ["subject"],
      },
    ],
    timeline: [
      {
        kind: "records",
        object: "activity",
        via: "account",
        at: "occurred_at",
        title: "subject",
        type: "type",
      },
      { kind: "stage_changes", object: "deal", via: "account" },
      { kind: "field_history" },
    ],
  });
  expect(defined.status, defined.text).toBe(200);
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: false },
      objects: { activity: { read: false, create: false, edit: false, delete: false } },
      fields: { account: { secret: "hidden" } },
    },
  });
  expect(member.status, member.text).toBe(200);
  for (const object of ["account", "deal", "contact"])
    expect(
      (await app.admin.patch(`/api/meta/objects/${object}`, { sharing_default: "private" })).status,
    ).toBe(200);
  rep = await signedInUser(app, "overview-rep");
});
afterAll(() => app?.close());

async function account(name: string, related: number) {
  const created = await app.admin.post("/api/records/account", { name, rating: 4, secret: "s3cret" });
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;
  const bulk = (object: string, records: Array<Record<string, unknown>>) =>
    app.admin
      .post(`/api/records/${object}/bulk`, { records })
      .then((r) => expect(r.status, r.text).toBe(201));
  const n = Array.from({ length: related }, (_, i) => i);
  await bulk(
    "contact",
    n.map((i) => ({ name: `联系人${i}`, account: id })),
  );
  await bulk(
    "deal",
    n.map((i) => ({
      title: `商机${i}`,
      account: id,
      stage: i % 3 === 2 ? "lost" : "qualify",
      lost_reason: i % 3 === 2 ? "price" : null,
      amount: { amount: String(1000 + i), currency: i % 2 ? "USD" : "CNY" },
    })),
  );
  await bulk(
    "activity",
    n.map((i) => ({
      subject: `电话${i}`,
      account: id,
      type: "call",
      occurred_at: new Date(Date.UTC(2026, 2, 1 + i, 8)).toISOString(),
    })),
  );
  return id;
}

describe(`record overview (360) on ${testEngine}`, () => {
  it("answers the record, KPIs (money per currency), first pages with counts and the timeline in one call", async () => {
    const id = await account("华东机电", 4);
    await app.admin.patch(`/api/records/account/${id}`, { rating: 5 });
    const response = await app.admin.get(`/api/records/account/${id}/360`);
    expect(response.status, response.text).toBe(200);
    const body = response.body;
    expect(body.record).toMatchObject({ id, name: "华东机电", rating: 5 });
    const kpi = Object.fromEntries(body.kpis.map((k: { key: string; value: unknown }) => [k.key, k.value]));
    // Open deals 0, 1, 3 (2 is lost): CNY 1000 ; USD 1001 + 1003.
    expect(kpi.open_pipeline).toEqual({ CNY: "1000.00", USD: "2004.00" });
    expect(kpi.deals).toBe(4);
    expect(kpi.last_contact).toBe("2026-03-04T08:00:00.000Z");
    expect(kpi.rating).toBe(5);
    const section = Object.fromEntries(
      body.sections.map((s: { key: string; total: number; records: unknown[] }) => [
        s.key,
        [s.total, s.records.length],
      ]),
    );
    expect(section).toEqual({ contacts: [4, 4], deals: [4, 2], activities: [4, 4] });
    // A relation in a section is expanded to the related record.
    const deals = body.sections.find((s: { key: string }) => s.key === "deals");
    expect(deals.records[0].account, JSON.stringify(deals.records[0])).toMatchObject({
      id,
      name: "华东机电",
    });
    const kinds = body.timeline.entries.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === "record")).toHaveLength(4);
    expect(kinds.filter((k: string) => k === "stage")).toHaveLength(4);
    expect(kinds).toContain("change");
    const times = body.timeline.entries.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("runs a fixed number of statements whatever the number of related records", async () => {
    const small = await account("小客户", 2);
    const big = await account("大客户", 60);
    const count = async (id: string) => {
      app.queries.length = 0;
      expect((await app.admin.get(`/api/records/account/${id}/360`)).status).toBe(200);
      // Background work (job queue, timers, event relay) polls on its own schedule: not the request's.
      const background = /pgboss|"timers"|"event_relay"|"event_consumers"|"outbox"/;
      const reads = app.queries.filter((q) => /^\s*(select|with)\b/i.test(q) && !background.test(q));
      const counting = (q: string) => /^\s*SELECT count\(\*\) AS total FROM \(SELECT 1 /.test(q);
      return { reads: reads.filter((q) => !counting(q)).length, counts: reads.filter(counting).length };
    };
    const [few, many] = [await count(small), await count(big)];
    expect(many.reads).toBe(few.reads);
    // A section whose first page holds all its records is its own count; a longer one is counted in one
    // bounded statement (ADR 0035), never per record.
    expect(few.counts).toBe(0);
    expect(many.counts).toBeGreaterThan(0);
    expect(many.counts).toBeLessThanOrEqual(3);
    expect(many.reads + many.counts).toBeLessThanOrEqual(20);
  });

  it("pages the timeline newest first without repeating an entry", async () => {
    const id = await account("翻页客户", 7);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const query: string = cursor ? `?limit=5&before=${encodeURIComponent(cursor)}` : "?limit=5";
      const page = await app.admin.get(`/api/records/account/${id}/360/timeline${query}`);
      expect(page.status, page.text).toBe(200);
      seen.push(
        ...page.body.entries.map(
          (e: { kind: string; record_id: string; at: string }) => `${e.kind}:${e.record_id}:${e.at}`,
        ),
      );
      cursor = page.body.next_cursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((s) => s.startsWith("record:"))).toHaveLength(7);
    const bad = await app.admin.get(`/api/records/account/${id}/360/timeline?before=nonsense`);
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, "before"]);
    // The seven deals were created in one bulk write: their stage entries share one instant, and a page
    // boundary falls among them.
    expect(seen.filter((s) => s.startsWith("stage:"))).toHaveLength(7);
  });

  it("shows a rep only what they may read: own related records, no hidden field, no section of an unreadable object", async () => {
    const own = await rep.client.post("/api/records/account", { name: "我的客户", rating: 3 });
    expect(own.status, own.text).toBe(201);
    const id = own.body.id;
    expect(
      (await rep.client.post("/api/records/deal", { title: "我的商机", account: id, stage: "qualify" }))
        .status,
    ).toBe(201);
    // A colleague's (the admin's) private deal and contact on the rep's account: not shown, not counted.
    expect(
      (await app.admin.post("/api/records/deal", { title: "别人的", account: id, stage: "qualify" })).status,
    ).toBe(201);
    expect((await app.admin.post("/api/records/contact", { name: "别人的联系人", account: id })).status).toBe(
      201,
    );
    const response = await rep.client.get(`/api/records/account/${id}/360`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.record).not.toHaveProperty("secret");
    const keys = response.body.sections.map((s: { key: string }) => s.key);
    expect(keys).toEqual(["contacts", "deals"]);
    const deals = response.body.sections.find((s: { key: string }) => s.key === "deals");
    expect([deals.total, deals.records.map((r: { title: string }) => r.title)]).toEqual([1, ["我的商机"]]);
    expect(response.body.sections[0].total).toBe(0);
    const kpis = response.body.kpis.map((k: { key: string }) => k.key);
    expect(kpis).toEqual(["open_pipeline", "deals", "rating"]);
    expect(response.body.kpis.find((k: { key: string }) => k.key === "deals").value).toBe(1);
    expect(response.body.timeline.entries.every((e: { kind: string }) => e.kind !== "record")).toBe(true);
    // Someone else's account: not found, like any record they may not read.
    const other = await account("别人的客户", 1);
    expect((await rep.client.get(`/api/records/account/${other}/360`)).status).toBe(404);
  });

  it("refuses a definition with every problem listed", async () => {
    const response = await app.admin.request("PUT", "/api/meta/objects/account/overview", {
      kpis: [
        { key: "x", labels: label("x", "x"), source: "related", object: "ghost", via: "account", fn: "sum" },
      ],
      sections: [{ key: "x", labels: label("x", "x"), object: "contact", via: "name", fields: ["nope"] }],
      timeline: [{ kind: "records", object: "activity", via: "account", at: "subject", title: "subject" }],
    });
    expect(response.status, response.text).toBe(400);
    expect(response.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      "kpis.0.object unknown_object",
      "sections.0.via overview_not_a_link",
      "sections.0.fields.0 unknown_field",
      "timeline.0.at overview_not_a_date",
    ]);
  });
});
