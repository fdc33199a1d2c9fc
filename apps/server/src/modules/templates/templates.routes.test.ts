import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createTestUser, signIn } from "../../test/test-users.ts";

// Issue 15 part 9: the start page of an empty installation offers the CRM template to its admin.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(() => app?.close());

describe(`shipped templates over HTTP (${testEngine})`, () => {
  it("are listed and applied only for admins", async () => {
    const rep = await signIn(app, await createTestUser(app));
    expect((await rep.get("/api/admin/templates")).status).toBe(403);
    expect((await rep.post("/api/admin/templates/crm/apply")).status).toBe(403);
    const listed = await app.admin.get("/api/admin/templates");
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.templates).toContainEqual({ name: "crm" });
  });

  it("applies the CRM to an empty installation in one change, and a name that is no template answers 404", async () => {
    expect((await app.admin.post("/api/admin/templates/erp/apply")).status).toBe(404);
    const dry = await app.admin.post("/api/admin/templates/crm/apply?dry_run=true");
    expect(dry.status, dry.text).toBe(200);
    expect((await app.admin.get("/api/meta/objects")).body.objects).toEqual([]);
    const applied = await app.admin.post("/api/admin/templates/crm/apply");
    expect(applied.status, applied.text).toBe(200);
    const objects = (await app.admin.get("/api/meta/objects")).body.objects.map(
      (o: { api_name: string }) => o.api_name,
    );
    expect(objects).toEqual(expect.arrayContaining(["account", "contact", "opportunity", "task"]));
  });
});
