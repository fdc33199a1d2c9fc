import { isKeduoError } from "@keduo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { signedInUser } from "../../test/private-reps.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

// Removing a record for good skips the recycle bin: only for those who may modify all data. The rule lives
// in the records service, so a caller that is not a route (an engine, a job) meets it too.
describe("permanent delete", () => {
  let app: TestApp;
  let member: HttpClient;
  let memberId: string;

  beforeAll(async () => {
    app = await startTestApp();
    await createObject(app.admin, "memo");
    await addField(app.admin, "memo", { api_name: "title", type: "text" });
    const role = await app.admin.patch("/api/meta/roles/member", {
      permissions: { default_objects: { read: true, create: true, edit: true, delete: true } },
    });
    expect(role.status, role.text).toBe(200);
    ({ id: memberId, client: member } = await signedInUser(app, "member"));
  });
  afterAll(async () => {
    await app.close();
  });

  const memo = async (client: HttpClient) => {
    const created = await client.post("/api/records/memo", { title: "draft" });
    expect(created.status, created.text).toBe(201);
    return created.body.id as string;
  };
  const inRecycleBin = async (id: string) =>
    (await app.admin.get("/api/records/memo?deleted=true")).body.records.some(
      (r: { id: string }) => r.id === id,
    );

  it("is refused over HTTP to a user who may delete but not modify all data; the recycle bin is theirs", async () => {
    const id = await memo(member);
    const refused = await member.delete(`/api/records/memo/${id}?permanent=true`);
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.code).toBe("FORBIDDEN");
    expect((await member.get(`/api/records/memo/${id}`)).status).toBe(200);
    expect((await member.delete(`/api/records/memo/${id}`)).status).toBe(204);
    expect(await inRecycleBin(id)).toBe(true);
  });

  it("is refused to such a user by the records service itself, as an engine would call it", async () => {
    const id = await memo(member);
    const access = await app.server.access.contextFor(
      { userId: memberId, departmentId: null, roles: ["member"] },
      app.database.db,
    );
    const actor = { access, origin: { ip: null, via: "system" as const } };
    const error = await app.server.records.writes.removePermanently("memo", [{ id }], actor).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isKeduoError(error) && error.code).toBe("FORBIDDEN");
    expect((await member.get(`/api/records/memo/${id}`)).status).toBe(200);
    await app.server.records.writes.remove("memo", [{ id }], actor);
    expect(await inRecycleBin(id)).toBe(true);
  });

  it("removes the record for an administrator, leaving nothing in the recycle bin", async () => {
    const id = await memo(member);
    expect((await app.admin.delete(`/api/records/memo/${id}?permanent=true`)).status).toBe(204);
    expect(await inRecycleBin(id)).toBe(false);
    expect((await app.admin.get(`/api/records/memo/${id}`)).status).toBe(404);
  });

  it("empties a record out of the recycle bin for an administrator", async () => {
    const id = await memo(member);
    expect((await member.delete(`/api/records/memo/${id}`)).status).toBe(204);
    expect(await inRecycleBin(id)).toBe(true);
    // The member may not; the administrator may.
    expect((await member.delete(`/api/records/memo/${id}?permanent=true`)).status).toBe(403);
    const purged = await app.admin.delete(`/api/records/memo/${id}?permanent=true`);
    expect(purged.status, purged.text).toBe(204);
    expect(await inRecycleBin(id)).toBe(false);
    // Restoring it afterwards finds nothing.
    expect((await app.admin.post(`/api/records/memo/${id}/restore`, {})).status).toBe(404);
  });
});
