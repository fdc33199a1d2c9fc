import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createObject } from "../../test/fixtures.ts";
import { startTestApp, TEST_ADMIN, type TestApp } from "../../test/test-app.ts";
import { createTestUser, signIn } from "../../test/test-users.ts";

let app: TestApp;
let adminId: string;
beforeAll(async () => {
  app = await startTestApp();
  adminId = (await app.admin.get("/api/auth/me")).body.user.id;
});
afterAll(async () => {
  await app?.close();
});

describe("user administration", () => {
  it("is for admins only", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    for (const response of [
      await client.get("/api/users"),
      await client.get(`/api/users/${user.id}`),
      await client.post("/api/users", { email: "x@example.com", name: "X", password: "password-1" }),
      await client.patch(`/api/users/${user.id}`, { roles: ["admin"] }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe("FORBIDDEN");
    }
  });

  it("creates a user who can then sign in", async () => {
    const created = await app.admin.post("/api/users", {
      email: "Li.Lei@Example.com",
      name: " 李雷 ",
      password: "password-1",
      locale: "zh-CN",
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      email: "Li.Lei@Example.com",
      name: "李雷",
      locale: "zh-CN",
      roles: ["member"], // the default role of new users
    });
    const hash = await app.database.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", created.body.user.id)
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await app.login("li.lei@example.com", "password-1");
    expect((await app.admin.get(`/api/users/${created.body.user.id}`)).body.user.email).toBe(
      "Li.Lei@Example.com",
    );
  });

  it("refuses a duplicate email (in any case) with 409 and a field error", async () => {
    const user = await createTestUser(app);
    const duplicate = await app.admin.post("/api/users", {
      email: user.email.toUpperCase(),
      name: "Again",
      password: "password-1",
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe("USER_EMAIL_TAKEN");
    expect(duplicate.body.errors).toEqual([expect.objectContaining({ field: "email", code: "not_unique" })]);
  });

  it("reports every invalid field at once", async () => {
    const response = await app.admin.post("/api/users", {
      email: "not-an-email",
      name: "  ",
      password: "short",
      roles: ["admin", "no_such_role"],
    });
    expect(response.status).toBe(400);
    expect(
      response.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort(),
    ).toEqual(["email:invalid_format", "name:required", "password:too_short", "roles:invalid_option"]);
  });

  it("lists users by cursor", async () => {
    for (let i = 0; i < 3; i++) await createTestUser(app);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await app.admin.get(`/api/users${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: { id: string }) => u.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    const all = await app.database.db.selectFrom("users").select("id").orderBy("id").execute();
    expect(seen).toEqual(all.map((row) => row.id));
    expect(seen).toContain(adminId);
  });

  it("answers 404 for an unknown user", async () => {
    const response = await app.admin.get("/api/users/01900000-0000-7000-8000-000000000000");
    expect(response.status).toBe(404);
  });

  it("changes roles, name and password; a new password signs the user out", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const updated = await app.admin.patch(`/api/users/${user.id}`, { name: "New Name", roles: ["admin"] });
    expect(updated.body.user).toMatchObject({ name: "New Name", roles: ["admin"] });
    expect((await client.get("/api/users")).status).toBe(200);

    await app.admin.patch(`/api/users/${user.id}`, { password: "reset-password" });
    expect((await client.get("/api/auth/me")).status).toBe(401);
    await app.login(user.email, "reset-password");
    await app.admin.patch(`/api/users/${user.id}`, { roles: [] });
  });
});

describe("what an admin changes for another user", () => {
  it("changes the email; the user signs in with the new one, the old one no longer works", async () => {
    const user = await createTestUser(app);
    const changed = await app.admin.patch(`/api/users/${user.id}`, { email: " Han.Meimei@Example.com " });
    expect(changed.status).toBe(200);
    expect(changed.body.user.email).toBe("Han.Meimei@Example.com");
    await app.login("han.meimei@example.com", user.password);
    const old = await app.anonymous.post("/api/auth/login", { email: user.email, password: user.password });
    expect(old.status).toBe(401);
    // The user's own email in another case is not a conflict.
    const recased = await app.admin.patch(`/api/users/${user.id}`, { email: "han.meimei@example.com" });
    expect(recased.status).toBe(200);
  });

  it("refuses another user's email or a malformed one with a field error", async () => {
    const [first, second] = [await createTestUser(app), await createTestUser(app)];
    const taken = await app.admin.patch(`/api/users/${second.id}`, { email: first.email.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe("USER_EMAIL_TAKEN");
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: "email", code: "not_unique" })]);
    const malformed = await app.admin.patch(`/api/users/${second.id}`, { email: "no-at-sign" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([
      expect.objectContaining({ field: "email", code: "invalid_format" }),
    ]);
    expect((await app.admin.get(`/api/users/${second.id}`)).body.user.email).toBe(second.email);
  });

  it("deactivates a user (signed out, cannot sign in) and reactivates them", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const disabled = await app.admin.patch(`/api/users/${user.id}`, { status: "disabled" });
    expect(disabled.body.user.status).toBe("disabled");
    expect((await client.get("/api/auth/me")).status).toBe(401);
    const refused = await app.anonymous.post("/api/auth/login", {
      email: user.email,
      password: user.password,
    });
    expect(refused.status).toBe(401);
    await app.admin.patch(`/api/users/${user.id}`, { status: "active" });
    await app.login(user.email, user.password);
  });

  it("moves a user to a department and out of it", async () => {
    const user = await createTestUser(app);
    const department = await app.admin.post("/api/org/departments", { name: "华东销售部" });
    expect(department.status).toBe(201);
    const departmentId: string = department.body.id;
    const moved = await app.admin.patch(`/api/users/${user.id}`, { department_id: departmentId });
    expect(moved.body.user.department_id).toBe(departmentId);
    const out = await app.admin.patch(`/api/users/${user.id}`, { department_id: null });
    expect(out.body.user.department_id).toBeNull();
  });
});

describe("what /api/auth/me tells the UI to offer", () => {
  it("lists the objects the user's roles may read, and no admin permissions for a plain role", async () => {
    await createObject(app.admin, "supplier", "供应商", "Supplier");
    await createObject(app.admin, "contract", "合同", "Contract");
    const role = await app.admin.post("/api/meta/roles", {
      api_name: "buyer",
      labels: { "zh-CN": "采购", en: "Buyer" },
      permissions: { objects: { supplier: { read: true, create: true } } },
    });
    expect(role.status, role.text).toBe(201);
    const buyer = await signIn(app, await createTestUser(app, { roles: ["buyer"] }));
    const me = await buyer.get("/api/auth/me");
    expect(me.body.permissions).toEqual([]);
    const rights = async (client: typeof buyer) =>
      Object.fromEntries(
        (await client.get("/api/meta/objects")).body.objects.map(
          (o: { api_name: string; my_permissions: unknown }) => [o.api_name, o.my_permissions],
        ),
      );
    expect(await rights(buyer)).toMatchObject({
      supplier: { read: true, create: true, edit: false, delete: false },
      contract: { read: false, create: false, edit: false, delete: false },
    });
    expect((await buyer.get("/api/meta/objects/contract")).body.my_permissions).toMatchObject({
      read: false,
    });
    expect(await rights(app.admin)).toMatchObject({
      supplier: { read: true, create: true, edit: true, delete: true },
      contract: { read: true },
    });
  });
});

describe("keeping an administrator", () => {
  it("an admin cannot disable themselves", async () => {
    const response = await app.admin.patch(`/api/users/${adminId}`, { status: "disabled" });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("CANNOT_DISABLE_SELF");
  });

  it("the last active admin cannot lose the role; a disabled admin does not count", async () => {
    const other = await createTestUser(app, { roles: ["admin"] });
    await app.admin.patch(`/api/users/${other.id}`, { status: "disabled" });
    const refused = await app.admin.patch(`/api/users/${adminId}`, { roles: [] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("LAST_ADMIN_REQUIRED");
    expect((await app.admin.get("/api/auth/me")).body.user.roles).toEqual(["admin"]);

    // With a second active admin, either may be demoted.
    await app.admin.patch(`/api/users/${other.id}`, { status: "active" });
    const demoted = await app.admin.patch(`/api/users/${other.id}`, { roles: [] });
    expect(demoted.status).toBe(200);
    expect(demoted.body.user.roles).toEqual([]);
  });

  it("the seeded admin is the configured one", async () => {
    const me = await app.admin.get("/api/auth/me");
    expect(me.body.user.email).toBe(TEST_ADMIN.email);
  });
});
