import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN, type TestApp } from "../../test/test-app.ts";
import { createTestUser, signIn } from "./test-users.ts";

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
