import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrmFixture } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { salesWorkbook, startAndSettle, uploadAndInspect } from "./sales-workbook.test-support.ts";

// Issue 15 part 7: an address with a non-ASCII domain is imported as written, never as punycode.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
});
afterAll(() => app?.close());

const CUSTOMERS = "/api/records/customer";

describe(`email addresses in an import (${testEngine})`, () => {
  it("are imported as written", async () => {
    const bytes = await salesWorkbook([
      ["名称", "邮箱"],
      ["导入甲", "李四@例子.公司"],
      ["导入乙", "post@bücher.example"],
    ]);
    const { id, inspect } = await uploadAndInspect(app.admin, bytes);
    const mapping = [
      { column: "A", field: "name" },
      { column: "B", field: "email" },
    ];
    const done = await startAndSettle(app.admin, id, "run", inspect, { mapping });
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 0 });
    const listed = await app.admin.get(`${CUSTOMERS}?limit=500&fields=name,email`);
    const emails = listed.body.records
      .filter((r: { name: string }) => r.name.startsWith("导入"))
      .map((r: { email: string }) => r.email)
      .sort();
    expect(emails).toEqual(["post@bücher.example", "李四@例子.公司"].sort());
  });
});
