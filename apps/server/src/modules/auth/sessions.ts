import type { Trx } from "../../db/database.ts";
import { randomSecret, sha256Hex } from "./secrets.ts";

export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export interface NewSession {
  /** The cookie value; only its SHA-256 is stored. */
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  trx: Trx,
  input: { userId: string; now: Date; ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = randomSecret();
  const session: NewSession = {
    token,
    sessionId: sha256Hex(token),
    csrfToken: randomSecret(),
    expiresAt: new Date(input.now.getTime() + SESSION_LIFETIME_MS),
  };
  // Each login is a good moment to drop this user's expired sessions: the table cannot grow without bound.
  await trx
    .deleteFrom("sessions")
    .where("user_id", "=", input.userId)
    .where("expires_at", "<=", input.now)
    .execute();
  await trx
    .insertInto("sessions")
    .values({
      id: session.sessionId,
      user_id: input.userId,
      csrf_token: session.csrfToken,
      created_at: input.now,
      expires_at: session.expiresAt,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return session;
}

export async function deleteSession(trx: Trx, sessionId: string): Promise<void> {
  await trx.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Signs a user out everywhere, optionally except the session making the request. */
export async function deleteUserSessions(
  trx: Trx,
  userId: string,
  exceptSessionId: string | null = null,
): Promise<void> {
  let query = trx.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptSessionId) query = query.where("id", "<>", exceptSessionId);
  await query.execute();
}
