import { describe, expect, it } from "vitest";
import { generateSecret, isValidSecret, secretKey, signatureHeaders, verifySignature } from "./signing.ts";

describe("Standard Webhooks signatures", () => {
  it("signs id.timestamp.body as the spec's reference libraries do", () => {
    // The test vector the Standard Webhooks libraries share.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"test": 2432232314}';
    const headers = signatureHeaders(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(1614265330_000), body);
    expect(headers).toEqual({
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
    expect(verifySignature(secret, headers, body)).toBe(true);
    expect(verifySignature(secret, headers, `${body} `)).toBe(false);
    expect(verifySignature(generateSecret(), headers, body)).toBe(false);
    // A receiver during a rotation gets several signatures and accepts one match.
    const rotated = { ...headers, "webhook-signature": `v1,AAAA ${headers["webhook-signature"]}` };
    expect(verifySignature(secret, rotated, body)).toBe(true);
  });

  it("generates whsec_ secrets of 32 random bytes and refuses malformed ones", () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(secret)?.length).toBe(32);
    expect(generateSecret()).not.toBe(secret);
    for (const bad of [
      "",
      "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "whsec_c2hvcnQ=",
      "whsec_not base64!",
      42,
      null,
    ])
      expect(isValidSecret(bad)).toBe(false);
    expect(() => signatureHeaders("whsec_c2hvcnQ=", "msg_1", new Date(), "{}")).toThrow(/24–64 bytes/);
    expect(() => signatureHeaders(secret, "msg.1", new Date(), "{}")).toThrow(/contains a "\."/);
  });
});
