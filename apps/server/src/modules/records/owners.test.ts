import { beforeAll, describe, expect, it } from "vitest";
import { type LeadWorld, leadsPerFile, outboxOf } from "../../test/owners-fixture.ts";
import type { TestApp } from "../../test/test-app.ts";
import { testEngine } from "../../test/test-app.ts";

const leads = leadsPerFile();
let app: TestApp;
let world: LeadWorld;
beforeAll(() => {
  ({ app, world } = leads);
});

const LEADS = "/api/records/lead";
const unownedFilter = encodeURIComponent(JSON.stringify({ owner_id: { is_empty: true } }));

async function createLead(body: Record<string, unknown>, client = app.admin) {
  const response = await client.post(LEADS, body);
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string; owner_id: string | null; version: number };
}

describe(`owners on create (${testEngine})`, () => {
  it("gives the record to the named owner when the caller holds the transfer right", async () => {
    const lead = await createLead({ name: "转给销售", owner_id: world.rep.id }, world.manager.client);
    expect(lead.owner_id).toBe(world.rep.id);
    // The new owner sees it under private sharing; the manager, who gave it away, no longer does.
    expect((await world.rep.client.get(`${LEADS}/${lead.id}`)).status).toBe(200);
    expect((await world.manager.client.get(`${LEADS}/${lead.id}`)).status).toBe(404);
  });

  it("refuses another owner, or none, without the transfer right, and stores nothing", async () => {
    for (const owner_id of [world.claimer.id, null]) {
      const refused = await world.rep.client.post(LEADS, { name: "不该存下", owner_id });
      expect(refused.status, refused.text).toBe(403);
      expect(refused.body.code).toBe("RECORD_OWNER_FORBIDDEN");
      expect(refused.body.detail).toContain("transfer records");
    }
    const stored = await app.admin.get(`${LEADS}?filter=${encodeURIComponent('{"name":{"eq":"不该存下"}}')}`);
    expect(stored.body.records).toEqual([]);
    // Naming oneself is no transfer.
    expect((await createLead({ name: "自己的", owner_id: world.rep.id }, world.rep.client)).owner_id).toBe(
      world.rep.id,
    );
  });

  it("sets each record's owner in a bulk create, the caller where none is named", async () => {
    const response = await app.admin.post(`${LEADS}/bulk`, {
      records: [{ name: "a", owner_id: world.rep.id }, { name: "b" }, { name: "c", owner_id: null }],
    });
    expect(response.status, response.text).toBe(201);
    const adminId = (await app.admin.get("/api/auth/me")).body.user.id;
    expect(response.body.records.map((r: { owner_id: string | null }) => r.owner_id)).toEqual([
      world.rep.id,
      adminId,
      null,
    ]);
  });

  it("checks the owner's shape with the other fields, and that the user exists", async () => {
    const malformed = await app.admin.post(LEADS, { owner_id: "someone" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "owner_id", code: "invalid_format" }),
        expect.objectContaining({ field: "name", code: "required" }),
      ]),
    );
    const unknown = await app.admin.post(LEADS, {
      name: "无人",
      owner_id: "0190a3b4-0000-7000-8000-00000000abcd",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: "owner_id", code: "invalid_reference" });
  });

  it("tells each caller in the object's metadata whether they may transfer (the UI offers it only then)", async () => {
    const rights = async (client: typeof app.admin) =>
      (await client.get("/api/meta/objects/lead")).body.my_permissions.transfer;
    expect(await rights(world.manager.client)).toBe(true);
    expect(await rights(world.rep.client)).toBe(false);
    expect(await rights(app.admin)).toBe(true);
  });

  it("never takes owner_id in an update: owners change by transfer or claim", async () => {
    const lead = await createLead({ name: "改负责人" });
    const patched = await app.admin.patch(`${LEADS}/${lead.id}`, { owner_id: world.rep.id });
    expect(patched.status).toBe(400);
    expect(patched.body.errors[0]).toMatchObject({ field: "owner_id", code: "system_field" });
  });
});

describe(`"$me" in filters (${testEngine})`, () => {
  const mine = (filter: unknown, client = app.admin) =>
    client.get(`${LEADS}?limit=100&filter=${encodeURIComponent(JSON.stringify(filter))}`);

  it("stands for the reader, so one saved filter lists each reader's own records", async () => {
    const ofRep = await createLead({ name: "销售的", owner_id: world.rep.id });
    const ofManager = await createLead({ name: "经理的", owner_id: world.manager.id });
    const ids = (response: { body: { records: { id: string }[] } }) => response.body.records.map((r) => r.id);
    const forRep = await mine({ owner_id: { eq: "$me" } }, world.rep.client);
    expect(forRep.status, forRep.text).toBe(200);
    expect(ids(forRep)).toContain(ofRep.id);
    expect(ids(forRep)).not.toContain(ofManager.id);
    const forManager = ids(await mine({ owner_id: { eq: "$me" } }, world.manager.client));
    expect(forManager).toContain(ofManager.id);
    expect(forManager).not.toContain(ofRep.id);
    // In a list with real ids, and negated (the admin reads everyone's).
    const ofAdmin = await createLead({ name: "管理员的" });
    const either = ids(await mine({ owner_id: { in: ["$me", world.rep.id] } }));
    expect(either).toEqual(expect.arrayContaining([ofRep.id, ofAdmin.id]));
    expect(either).not.toContain(ofManager.id);
    const others = ids(await mine({ owner_id: { neq: "$me" } }));
    expect(others).toEqual(expect.arrayContaining([ofRep.id, ofManager.id]));
    expect(others).not.toContain(ofAdmin.id);
  });

  it("is refused in other spellings, as any id that is not one", async () => {
    const response = await mine({ owner_id: { eq: "$you" } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ code: "invalid_format" });
  });
});

describe(`unowned records and claims (${testEngine})`, () => {
  it("lists unowned records with is_empty, and shows them under private sharing only to claimers", async () => {
    const pooled = await createLead({ name: "公海线索", owner_id: null });
    expect(pooled.owner_id).toBeNull();
    const listed = await app.admin.get(`${LEADS}?filter=${unownedFilter}`);
    expect(listed.body.records.map((r: { id: string }) => r.id)).toContain(pooled.id);
    const claimerView = await world.claimer.client.get(`${LEADS}?filter=${unownedFilter}`);
    expect(claimerView.body.records.map((r: { id: string }) => r.id)).toContain(pooled.id);
    expect((await world.claimer.client.get(`${LEADS}/${pooled.id}`)).status).toBe(200);
    // Seeing the pool is not editing it: claim first.
    expect((await world.claimer.client.patch(`${LEADS}/${pooled.id}`, { score: 1 })).status).toBe(403);
    expect((await world.rep.client.get(`${LEADS}/${pooled.id}`)).status).toBe(404);
    expect((await world.rep.client.get(`${LEADS}?filter=${unownedFilter}`)).body.records).toEqual([]);
  });

  it("gives an unowned record to the claimer, once, with an event naming the new owner", async () => {
    const pooled = await createLead({ name: "待领取", owner_id: null });
    const claimed = await world.claimer.client.post(`${LEADS}/${pooled.id}/claim`);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body).toMatchObject({ owner_id: world.claimer.id, version: pooled.version + 1 });
    expect(claimed.headers.get("etag")).toBe(`"${pooled.version + 1}"`);
    expect((await world.claimer.client.patch(`${LEADS}/${pooled.id}`, { score: 5 })).status).toBe(200);

    const again = await world.rival.client.post(`${LEADS}/${pooled.id}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("RECORD_ALREADY_OWNED");

    const events = await outboxOf(app, pooled.id);
    expect(events[1]).toMatchObject({
      event_type: "record.updated",
      actor_id: world.claimer.id,
      source: "user",
      payload: { changes: { owner_id: { from: null, to: world.claimer.id } } },
    });
    const audit = await app.admin.get(`/api/audit-log?record_id=${pooled.id}&action=record.claim`);
    expect(audit.status, audit.text).toBe(200);
    expect(audit.body.entries).toHaveLength(1);
  });

  it("refuses a claim without the claim right, and answers 404 for a missing or deleted record", async () => {
    const pooled = await createLead({ name: "无权领取", owner_id: null });
    const refused = await world.rep.client.post(`${LEADS}/${pooled.id}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("FORBIDDEN");
    const missing = await world.claimer.client.post(`${LEADS}/0190a3b4-0000-7000-8000-00000000abcd/claim`);
    expect(missing.status).toBe(404);
    expect((await app.admin.delete(`${LEADS}/${pooled.id}`)).status).toBe(204);
    expect((await world.claimer.client.post(`${LEADS}/${pooled.id}/claim`)).status).toBe(404);
  });

  it("lets exactly one of concurrent claims win", async () => {
    const pooled = await createLead({ name: "抢单", owner_id: null });
    const claimers = [world.claimer, world.rival, world.claimer, world.rival, world.claimer, world.rival];
    const answers = await Promise.all(
      claimers.map((user) => user.client.post(`${LEADS}/${pooled.id}/claim`)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = answers.find((answer) => answer.status === 200)!.body.owner_id;
    const stored = await app.admin.get(`${LEADS}/${pooled.id}`);
    expect(stored.body).toMatchObject({ owner_id: winner, version: pooled.version + 1 });
    const ownerChanges = (await outboxOf(app, pooled.id)).filter((e) => e.event_type === "record.updated");
    expect(ownerChanges).toHaveLength(1);
  });

  it("puts a record back in the pool by a transfer to no one", async () => {
    const lead = await createLead({ name: "退回公海", owner_id: world.claimer.id });
    const released = await world.claimer.client.post(`${LEADS}/transfer`, { ids: [lead.id], owner_id: null });
    expect(released.status, released.text).toBe(200);
    expect(released.body.records[0].owner_id).toBeNull();
    expect((await world.rival.client.post(`${LEADS}/${lead.id}/claim`)).status).toBe(200);
  });
});

describe(`transfer and restore keep rules to the fields they touch (${testEngine})`, () => {
  it("transfers and restores a record that breaks a rule added after it was saved", async () => {
    const lead = await createLead({ name: "旧线索", score: 10 });
    const rule = await app.admin.post("/api/meta/objects/lead/validation-rules", {
      api_name: "score_at_least_50",
      condition: "score < 50",
      message: { "zh-CN": "评分至少 50", en: "Score must be at least 50" },
      field: "score",
    });
    expect(rule.status, rule.text).toBe(201);
    try {
      // An edit still meets the rule, even of another field.
      const edited = await app.admin.patch(`${LEADS}/${lead.id}`, { name: "旧线索（改）" });
      expect(edited.status).toBe(400);
      expect(edited.body.errors[0]).toMatchObject({ field: "score", code: "validation_rule" });

      const moved = await app.admin.post(`${LEADS}/transfer`, { ids: [lead.id], owner_id: world.rep.id });
      expect(moved.status, moved.text).toBe(200);
      expect((await app.admin.delete(`${LEADS}/${lead.id}`)).status).toBe(204);
      const restored = await app.admin.post(`${LEADS}/${lead.id}/restore`);
      expect(restored.status, restored.text).toBe(200);
      expect(restored.body.score).toBe(10);
    } finally {
      await app.admin.delete("/api/meta/objects/lead/validation-rules/score_at_least_50");
    }
  });

  it("still runs the rules that read the owner on a transfer and a claim", async () => {
    const rule = await app.admin.post("/api/meta/objects/lead/validation-rules", {
      api_name: "big_leads_owned",
      condition: "AND(score > 100, ISBLANK(owner_id))",
      message: { "zh-CN": "大线索必须有负责人", en: "A big lead needs an owner" },
    });
    expect(rule.status, rule.text).toBe(201);
    try {
      const lead = await createLead({ name: "大线索", score: 500 });
      const released = await app.admin.post(`${LEADS}/transfer`, { ids: [lead.id], owner_id: null });
      expect(released.status).toBe(400);
      expect(released.body.errors[0]).toMatchObject({ field: "record", code: "validation_rule" });
    } finally {
      await app.admin.delete("/api/meta/objects/lead/validation-rules/big_leads_owned");
    }
  });
});
