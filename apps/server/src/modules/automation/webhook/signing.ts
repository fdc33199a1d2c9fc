import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * Signatures as the Standard Webhooks spec (1.0) has them: HMAC-SHA256 over `id.timestamp.body` with the
 * secret's bytes (`whsec_` + base64, 24–64 bytes), sent as `webhook-signature: v1,<base64>`; the id stays the
 * same on every attempt (receivers drop repeats by it), the timestamp is the attempt's (receivers refuse old
 * ones, which stops replays).
 */

const PREFIX = "whsec_";

/** A fresh secret: 32 random bytes, as the spec serializes it. */
export const generateSecret = () => `${PREFIX}${randomBytes(32).toString("base64")}`;

/** The key bytes of a `whsec_` secret, or null when it is not one of 24–64 bytes. */
export function secretKey(secret: string): Buffer | null {
  if (!secret.startsWith(PREFIX)) return null;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return null;
  const key = Buffer.from(encoded, "base64");
  return key.length >= 24 && key.length <= 64 ? key : null;
}

export const isValidSecret = (secret: unknown): secret is string =>
  typeof secret === "string" && secretKey(secret) !== null;

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

function sign(key: Buffer, id: string, timestamp: string, body: string) {
  return createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
}

/** The three headers of one attempt; `at` is the attempt's time. */
export function signatureHeaders(secret: string, id: string, at: Date, body: string): SignedHeaders {
  const key = secretKey(secret);
  if (!key) throw new Error("the webhook secret is not a whsec_ secret of 24–64 bytes");
  // The id and the timestamp are ours and hold no `.`: the signed string splits one way only.
  if (id.includes(".")) throw new Error(`webhook id ${id} contains a "."`);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${sign(key, id, timestamp, body)}`,
  };
}

/**
 * What a receiver does (tests use it): true when one `v1` signature of the header matches, compared in constant
 * time. The timestamp's age is the receiver's policy and not judged here.
 */
export function verifySignature(secret: string, headers: SignedHeaders, body: string): boolean {
  const key = secretKey(secret);
  if (!key) return false;
  const expected = Buffer.from(
    sign(key, headers["webhook-id"], headers["webhook-timestamp"], body),
    "base64",
  );
  return headers["webhook-signature"].split(" ").some((entry) => {
    const [version, signature] = entry.split(",");
    if (version !== "v1" || !signature) return false;
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
