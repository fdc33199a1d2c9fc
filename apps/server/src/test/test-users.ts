import { randomBytes } from "node:crypto";
import type { HttpClient } from "./http-client.ts";
import type { TestApp } from "./test-app.ts";

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/** Creates a user through the admin API (the real path), with a unique email. */
export async function createTestUser(
  app: TestApp,
  options: { roles?: string[]; password?: string; name?: string } = {},
): Promise<TestUser> {
  const email = `user-${randomBytes(4).toString("hex")}@example.com`;
  const password = options.password ?? "s3cret-password";
  const response = await app.admin.post("/api/users", {
    email,
    name: options.name ?? "测试用户",
    password,
    roles: options.roles ?? [],
  });
  if (response.status !== 201) throw new Error(`creating a user failed: ${response.status} ${response.text}`);
  return { id: response.body.user.id, email, password };
}

export async function signIn(app: TestApp, user: TestUser): Promise<HttpClient> {
  return app.login(user.email, user.password);
}

/** The session token from a response's Set-Cookie header. */
export function sessionCookieOf(headers: Headers): string | null {
  for (const entry of headers.getSetCookie()) {
    const [pair = ""] = entry.split(";");
    if (pair.startsWith("keduo_session=")) return pair.slice("keduo_session=".length) || null;
  }
  return null;
}
