import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../test/http-client.ts";
import { startTestApp, TEST_ADMIN, type TestApp } from "../../test/test-app.ts";
import { createTestUser, sessionCookieOf, signIn } from "../../test/test-users.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

describe("login", () => {
  it("sets an HttpOnly SameSite=Lax session cookie whose hash is the stored session id", async () => {
    const client = new HttpClient(app.url);
    const response = await client.login(TEST_ADMIN.email, TEST_ADMIN.password);
    expect(response.body.user).toMatchObject({ email: TEST_ADMIN.email, roles: ["admin"], status: "active" });
    expect(response.body.user.password_hash).toBeUndefined();
    expect(response.body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const [cookie = ""] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^keduo_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("Max-Age=1209600");
    expect(cookie).not.toContain("Secure"); // plain http here

    const token = sessionCookieOf(response.headers)!;
    const stored = await app.database.db
      .selectFrom("sessions")
      .selectAll()
      .where("id", "=", sha256(token))
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.expires_at.getTime() - app.clock.now().getTime()).toBe(14 * 24 * 3600 * 1000);
  });

  it("accepts the email in any letter case", async () => {
    const client = new HttpClient(app.url);
    await client.login(TEST_ADMIN.email.toUpperCase(), TEST_ADMIN.password);
    expect((await client.get("/api/auth/me")).status).toBe(200);
  });

  it("/me answers the user, the CSRF token, how the caller signed in and the organisation's time zone", async () => {
    const me = await app.admin.get("/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { email: TEST_ADMIN.email, roles: ["admin"] },
      via: "session",
      time_zone: "Asia/Shanghai",
    });
    expect(me.body.csrf_token).toBe(app.admin.csrfToken);
    expect(me.body.permissions).toEqual(
      expect.arrayContaining(["manage_metadata", "manage_users", "view_audit_log"]),
    );
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const wrongPassword = await app.anonymous.post("/api/auth/login", {
      email: TEST_ADMIN.email,
      password: "not the password",
    });
    const unknownEmail = await app.anonymous.post("/api/auth/login", {
      email: "nobody@example.com",
      password: "whatever1",
    });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.headers.get("content-type")).toContain("application/problem+json");
    expect(wrongPassword.body.code).toBe("INVALID_CREDENTIALS");
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(unknownEmail.headers.getSetCookie()).toEqual([]);
  });

  it("rejects a malformed body with field errors", async () => {
    const response = await app.anonymous.post("/api/auth/login", { email: TEST_ADMIN.email });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "password", code: "required" })]);
  });
});

describe("sessions", () => {
  it("a disabled user cannot sign in, and their session and token stop working at once", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const token = (await client.post("/api/auth/tokens", { name: "script" })).body.token as string;
    const bearer = app.anonymous.withToken(token);
    expect((await client.get("/api/auth/me")).status).toBe(200);
    expect((await bearer.get("/api/auth/me")).status).toBe(200);

    const disabled = await app.admin.patch(`/api/users/${user.id}`, { status: "disabled" });
    expect(disabled.status).toBe(200);
    expect(disabled.body.user.status).toBe("disabled");

    const sessionAfter = await client.get("/api/auth/me");
    expect(sessionAfter.status).toBe(401);
    expect(sessionAfter.body.code).toBe("UNAUTHENTICATED");
    expect((await bearer.get("/api/auth/me")).status).toBe(401);
    const login = await app.anonymous.post("/api/auth/login", { email: user.email, password: user.password });
    const wrong = await app.anonymous.post("/api/auth/login", {
      email: user.email,
      password: "wrong-password",
    });
    expect(login.status).toBe(401);
    expect(login.body).toEqual(wrong.body);
    const sessions = await app.database.db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", user.id)
      .execute();
    expect(sessions).toEqual([]);

    // Enabling again revives the token (it was never revoked) but not the deleted session.
    await app.admin.patch(`/api/users/${user.id}`, { status: "active" });
    expect((await bearer.get("/api/auth/me")).status).toBe(200);
    expect((await client.get("/api/auth/me")).status).toBe(401);
  });

  it("logout deletes the session on the server and clears the cookie", async () => {
    const user = await createTestUser(app);
    const client = new HttpClient(app.url);
    const login = await client.login(user.email, user.password);
    const cookie = `keduo_session=${sessionCookieOf(login.headers)}`;

    const logout = await client.post("/api/auth/logout");
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^keduo_session=;/);
    const replay = await new HttpClient(app.url).get("/api/auth/me", { cookie });
    expect(replay.status).toBe(401);
  });

  it("expires a session after 14 days", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const start = app.clock.now();
    try {
      app.clock.advance(14 * 24 * 3600 * 1000 - 1000);
      expect((await client.get("/api/auth/me")).status).toBe(200);
      app.clock.advance(1000);
      expect((await client.get("/api/auth/me")).status).toBe(401);
    } finally {
      app.clock.set(start);
    }
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated write without the right X-CSRF-Token", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const csrf = client.csrfToken;
    client.csrfToken = null;
    const missing = await client.post("/api/auth/tokens", { name: "no header" });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe("CSRF_TOKEN_INVALID");
    const wrong = await client.post(
      "/api/auth/tokens",
      { name: "wrong header" },
      { "x-csrf-token": "forged" },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe("CSRF_TOKEN_INVALID");
    // Reads need no token.
    expect((await client.get("/api/auth/tokens")).status).toBe(200);

    client.csrfToken = csrf;
    const created = await client.post("/api/auth/tokens", { name: "with header" });
    expect(created.status).toBe(201);

    const bearer = app.anonymous.withToken(created.body.token);
    const viaToken = await bearer.post("/api/auth/tokens", { name: "from a script" });
    expect(viaToken.status).toBe(201);
  });
});

describe("own profile", () => {
  it("changes name and language", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const response = await client.patch("/api/auth/me", { name: "王小明", locale: "zh-CN" });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ name: "王小明", locale: "zh-CN" });
    const invalid = await client.patch("/api/auth/me", { locale: "fr" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ field: "locale", code: "invalid_option" });
  });

  it("changes the password only with the current one, and signs out other sessions", async () => {
    const user = await createTestUser(app);
    const client = await signIn(app, user);
    const otherDevice = await signIn(app, user);

    const missing = await client.patch("/api/auth/me", { password: "new-password-1" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ field: "current_password", code: "required" }),
    ]);
    const wrong = await client.patch("/api/auth/me", {
      password: "new-password-1",
      current_password: "nope-nope",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({
      field: "current_password",
      message: "The current password is incorrect",
    });
    const short = await client.patch("/api/auth/me", { password: "short", current_password: user.password });
    expect(short.body.errors[0]).toMatchObject({ field: "password", code: "too_short" });

    const changed = await client.patch("/api/auth/me", {
      password: "new-password-1",
      current_password: user.password,
    });
    expect(changed.status).toBe(200);
    expect((await client.get("/api/auth/me")).status).toBe(200);
    expect((await otherDevice.get("/api/auth/me")).status).toBe(401);
    expect(
      (await app.anonymous.post("/api/auth/login", { email: user.email, password: user.password })).status,
    ).toBe(401);
    await app.login(user.email, "new-password-1");
  });
});

describe("language", () => {
  it("answers in zh-CN when asked", async () => {
    const client = new HttpClient(app.url);
    client.locale = "zh-CN";
    const login = await client.post("/api/auth/login", {
      email: TEST_ADMIN.email,
      password: "wrong password",
    });
    expect(login.status).toBe(401);
    expect(login.body).toMatchObject({ title: "登录失败", detail: "邮箱或密码不正确。" });

    app.admin.locale = "zh-CN";
    try {
      const invalid = await app.admin.post("/api/users", {
        email: "x@example.com",
        name: "X",
        password: "short",
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.title).toBe("输入有误");
      expect(invalid.body.errors).toEqual([
        { field: "password", code: "too_short", message: "长度不能少于 8 个字符" },
      ]);
    } finally {
      app.admin.locale = "en";
    }
  });
});

describe("login rate limit", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ env: { KEDUO_LOGIN_RATE_LIMIT: "3" } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it("answers 429 problem+json after too many attempts for one IP and email", async () => {
    const attempt = (email: string) =>
      limited.anonymous.post("/api/auth/login", { email, password: "guess-guess" });
    for (let i = 0; i < 3; i++) expect((await attempt("victim@example.com")).status).toBe(401);
    const blocked = await attempt("victim@example.com");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("content-type")).toContain("application/problem+json");
    expect(blocked.body.code).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // The key includes the email: another account from the same address is not locked out.
    expect((await attempt("someone-else@example.com")).status).toBe(401);
  });
});
