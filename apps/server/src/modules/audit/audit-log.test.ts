import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { signedInUser } from "../../test/private-reps.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { appendAudit, queryAudit } from "./audit-log.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "lead", "线索", "Lead");
  await addField(app.admin, "lead", { api_name: "name", type: "text", labels: label("名称", "Name") });
  await addField(app.admin, "lead", { api_name: "score", type: "number", labels: label("评分", "Score") });
});
afterAll(() => app?.close());

const storedChanges = async (recordId: string) => {
  const { rows } = await sql<{ action: string; changes: unknown }>`SELECT action, changes
    FROM ${sql.id(app.database.schemas.system, "audit_log")} WHERE record_id = ${recordId} ORDER BY id`.execute(
    app.database.db,
  );
  return rows;
};

describe("audit rows of created records", () => {
  it("keep who created which record, when and how, not its values: the history puts them back together", async () => {
    const bulk = await app.admin.post("/api/records/lead/bulk", {
      records: [{ name: "甲", score: 3 }, { name: "乙" }],
    });
    expect(bulk.status, bulk.text).toBe(201);
    const [first, second] = bulk.body.records as Array<{ id: string }>;
    expect(await storedChanges(first!.id)).toEqual([{ action: "record.create", changes: null }]);
    expect(await storedChanges(second!.id)).toEqual([{ action: "record.create", changes: null }]);
    const { entries } = await queryAudit(app.database.db, { recordId: first!.id, limit: 10 });
    expect(entries[0]).toMatchObject({ action: "record.create", object: "lead", via: "session" });
    expect(entries[0]?.details).toEqual({ version: 1 });
    const created = { name: { from: null, to: "甲" }, score: { from: null, to: 3 } };
    const history = async (id: string) =>
      (await app.admin.get(`/api/records/lead/${id}/history`)).body.entries as Array<{
        action: string;
        changes: unknown;
      }>;
    expect((await history(first!.id))[0]?.changes).toEqual(created);
    expect((await history(second!.id))[0]?.changes).toEqual({ name: { from: null, to: "乙" } });

    // Later changes do not change what the record was created with: their `from` values take it back.
    await app.admin.patch(`/api/records/lead/${first!.id}`, { name: "甲二", score: null });
    await app.admin.patch(`/api/records/lead/${first!.id}`, { name: "甲三", score: 5 });
    const after = await history(first!.id);
    expect(after.map((entry) => entry.action)).toEqual(["record.update", "record.update", "record.create"]);
    expect(after[2]?.changes).toEqual(created);
    expect(after[0]?.changes).toEqual({ name: { from: "甲二", to: "甲三" }, score: { from: null, to: 5 } });
  });

  it("reads rows written in the earlier { from, to } form unchanged", async () => {
    const created = await app.admin.post("/api/records/lead", { name: "丙" });
    const legacy = { name: { from: null, to: "丙" } };
    await appendAudit(
      app.database.db,
      [
        {
          action: "record.create",
          actorId: null,
          object: "lead",
          recordId: created.body.id,
          changes: legacy,
        },
      ],
      new Date(),
    );
    const { entries } = await queryAudit(app.database.db, { recordId: created.body.id, limit: 10 });
    // Newest first: the row of the earlier form, then the row the create itself wrote (no values).
    expect(entries.map((e) => e.changes)).toEqual([legacy, null]);
  });

  it("redaction blanks both forms the values of a create were stored in, and every change", async () => {
    const created = await app.admin.post("/api/records/lead", { name: "丁的私人电话", score: 9 });
    await appendAudit(
      app.database.db,
      [
        {
          action: "record.create",
          actorId: null,
          object: "lead",
          recordId: created.body.id,
          changes: { name: "丁的私人电话", score: 9 },
        },
      ],
      new Date(),
    );
    await app.admin.patch(`/api/records/lead/${created.body.id}`, { name: "丁的新电话" });
    const response = await app.admin.post("/api/audit-log/redact", {
      object: "lead",
      record_id: created.body.id,
      reason: "PIPL",
    });
    expect(response.status, response.text).toBe(200);
    const { entries } = await queryAudit(app.database.db, { recordId: created.body.id, limit: 10 });
    expect(JSON.stringify(entries)).not.toContain("丁的私人电话");
    expect(entries.find((e) => e.action === "record.create" && e.changes)?.changes).toEqual({
      name: { from: null, to: "[redacted]" },
      score: { from: null, to: "[redacted]" },
    });
    expect(entries.find((e) => e.action === "record.update")?.changes).toEqual({
      name: { from: "[redacted]", to: "[redacted]" },
    });
  });

  it("is refused to a user administrator who may not view the audit log: the route needs both rights", async () => {
    const role = await app.admin.post("/api/meta/roles", {
      api_name: "user_admin",
      labels: { "zh-CN": "用户管理员", en: "User admin" },
      permissions: { system: { manage_users: true } },
    });
    expect(role.status, role.text).toBe(201);
    const userAdmin = await signedInUser(app, "user-admin", { roles: ["user_admin"] });
    const created = await app.admin.post("/api/records/lead", { name: "戊", score: 1 });
    await app.admin.patch(`/api/records/lead/${created.body.id}`, { name: "戊二" });
    const response = await userAdmin.client.post("/api/audit-log/redact", {
      object: "lead",
      record_id: created.body.id,
      reason: "PIPL",
    });
    expect(response.status, response.text).toBe(403);
    expect(response.body.code).toBe("FORBIDDEN");
    const { entries } = await queryAudit(app.database.db, { recordId: created.body.id, limit: 10 });
    expect(JSON.stringify(entries)).toContain("戊");
  });
});
