import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createTestUser, signIn } from "../../test/test-users.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const HOUR = 3600 * 1000;

describe("API tokens", () => {
  it("returns the token once and stores only its SHA-256", async () => {
    const created = await app.admin.post("/api/auth/tokens", { name: "CI" });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^kd_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ name: "CI", token_prefix: token.slice(0, 8), expires_at: null });

    const row = await app.database.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const list = await app.admin.get("/api/auth/tokens");
    expect(list.status).toBe(200);
    const listed = list.body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(Object.keys(listed).sort()).toEqual([
      "created_at",
      "expires_at",
      "id",
      "last_used_at",
      "name",
      "scopes",
      "token_prefix",
    ]);
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain(row.token_hash);
  });

  it("authenticates as its owner, without a CSRF token", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const token = (await client.post("/api/auth/tokens", { name: "script" })).body.token;
    const me = await app.anonymous.withToken(token).get("/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: user.id, roles: [] }, via: "token", csrf_token: null });
  });

  it("a revoked token gets 401 at once; only its owner can revoke it", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const created = (await client.post("/api/auth/tokens", { name: "to revoke" })).body;
    const bearer = app.anonymous.withToken(created.token);
    expect((await bearer.get("/api/auth/me")).status).toBe(200);

    const byOther = await app.admin.delete(`/api/auth/tokens/${created.id}`);
    expect(byOther.status).toBe(404);
    expect((await bearer.get("/api/auth/me")).status).toBe(200);

    expect((await client.delete(`/api/auth/tokens/${created.id}`)).status).toBe(204);
    const after = await bearer.get("/api/auth/me");
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("UNAUTHENTICATED");
    expect((await client.get("/api/auth/tokens")).body.items).toEqual([]);
    expect((await client.delete(`/api/auth/tokens/${created.id}`)).status).toBe(404);
  });

  it("stops working after its expiry and refuses an expiry in the past", async () => {
    const now = app.clock.now();
    const created = await app.admin.post("/api/auth/tokens", {
      name: "short-lived",
      expires_at: new Date(now.getTime() + HOUR).toISOString(),
    });
    expect(created.status).toBe(201);
    const bearer = app.anonymous.withToken(created.body.token);
    try {
      app.clock.advance(HOUR - 1000);
      expect((await bearer.get("/api/auth/me")).status).toBe(200);
      app.clock.advance(1000);
      expect((await bearer.get("/api/auth/me")).status).toBe(401);
    } finally {
      app.clock.set(now);
    }
    const past = await app.admin.post("/api/auth/tokens", {
      name: "already gone",
      expires_at: new Date(now.getTime() - HOUR).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.errors[0]).toMatchObject({ field: "expires_at" });
  });

  it("records last use at most once a minute", async () => {
    const created = (await app.admin.post("/api/auth/tokens", { name: "usage" })).body;
    const bearer = app.anonymous.withToken(created.token);
    const lastUsed = async () =>
      (
        await app.database.db
          .selectFrom("api_tokens")
          .select("last_used_at")
          .where("id", "=", created.id)
          .executeTakeFirstOrThrow()
      ).last_used_at?.getTime();
    const start = app.clock.now();
    try {
      await bearer.get("/api/auth/me");
      expect(await lastUsed()).toBe(start.getTime());
      app.clock.advance(30_000);
      await bearer.get("/api/auth/me");
      expect(await lastUsed()).toBe(start.getTime());
      app.clock.advance(31_000);
      await bearer.get("/api/auth/me");
      expect(await lastUsed()).toBe(start.getTime() + 61_000);
    } finally {
      app.clock.set(start);
    }
  });

  it("rejects malformed and unknown bearer tokens", async () => {
    for (const token of ["nonsense", `kd_${"A".repeat(43)}`]) {
      const response = await app.anonymous.withToken(token).get("/api/auth/me");
      expect(response.status).toBe(401);
    }
  });
});
