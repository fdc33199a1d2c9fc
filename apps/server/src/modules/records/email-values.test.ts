import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrmFixture } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

// Issue 15 part 7: an address with a non-ASCII domain is stored and shown as typed, never as punycode.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
});
afterAll(() => app?.close());

const CUSTOMERS = "/api/records/customer";

describe(`email addresses with a non-ASCII domain (${testEngine})`, () => {
  it("are stored, returned and found as typed", async () => {
    const created = await app.admin.post(CUSTOMERS, { name: "例子公司", email: " 张三@例子.公司 " });
    expect(created.status, created.text).toBe(201);
    expect(created.body.email).toBe("张三@例子.公司");
    const changed = await app.admin.patch(`${CUSTOMERS}/${created.body.id}`, { email: "info@münchen.de" });
    expect(changed.status, changed.text).toBe(200);
    expect((await app.admin.get(`${CUSTOMERS}/${created.body.id}`)).body.email).toBe("info@münchen.de");
    const filter = encodeURIComponent(JSON.stringify({ email: { eq: "info@münchen.de" } }));
    const found = await app.admin.get(`${CUSTOMERS}?filter=${filter}`);
    expect(found.status, found.text).toBe(200);
    expect(found.body.records.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
  });

  it("are refused with the reason when typed with a full-width @ or dot", async () => {
    const refused = await app.admin.post(
      CUSTOMERS,
      { name: "全角", email: "王五＠例子.公司" },
      { "accept-language": "zh-CN" },
    );
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        field: "email",
        code: "full_width_in_email",
        message: expect.stringContaining("＠"),
      }),
    ]);
    const dotted = await app.admin.post(CUSTOMERS, { name: "句号", email: "info@例子。公司" });
    expect(dotted.body.errors).toEqual([
      expect.objectContaining({ field: "email", code: "full_width_in_email" }),
    ]);
  });
});
