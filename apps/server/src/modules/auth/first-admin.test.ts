import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createTestUser, type TestUser } from "../../test/test-users.ts";
import { ensureFirstAdmin } from "./first-admin.ts";

let app: TestApp;
let existing: TestUser;
beforeAll(async () => {
  app = await startTestApp();
  // Created while the seeded admin can still do it: the tests below take the admin role away.
  existing = await createTestUser(app);
});
afterAll(async () => {
  await app?.close();
});

async function removeAllAdmins() {
  const admin = await app.database.db
    .selectFrom("roles")
    .select("id")
    .where("api_name", "=", "admin")
    .executeTakeFirstOrThrow();
  await app.database.db.deleteFrom("user_roles").where("role_id", "=", admin.id).execute();
}

describe("ensureFirstAdmin", () => {
  it("does nothing when an admin exists", async () => {
    const config = loadConfig({ KEDUO_ADMIN_EMAIL: "other@example.com" });
    expect(await ensureFirstAdmin({ database: app.database, clock: app.clock, config })).toBeNull();
  });

  it("creates exactly one admin with a generated password when two instances start at once", async () => {
    await removeAllAdmins();
    const config = loadConfig({});
    const deps = { database: app.database, clock: app.clock, config };
    const results = await Promise.all([ensureFirstAdmin(deps), ensureFirstAdmin(deps)]);
    const created = results.filter((result) => result !== null);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ email: "admin@keduo.local", created: true });
    const password = created[0]!.generatedPassword!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const client = await app.login("admin@keduo.local", password);
    expect((await client.get("/api/auth/me")).body.user.roles).toEqual(["admin"]);
  });

  it("gives the admin role to an existing user with the configured email", async () => {
    const user = existing;
    await removeAllAdmins();
    const config = loadConfig({ KEDUO_ADMIN_EMAIL: user.email });
    const result = await ensureFirstAdmin({ database: app.database, clock: app.clock, config });
    expect(result).toEqual({ email: user.email, generatedPassword: null, created: false });
    const client = await app.login(user.email, user.password);
    expect((await client.get("/api/users")).status).toBe(200);
  });
});
