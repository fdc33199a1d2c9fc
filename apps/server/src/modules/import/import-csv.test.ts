import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createImportFixture, settle, upload } from "./import.test-support.ts";

let app: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  await createImportFixture(app.admin);
  const seeded = await app.admin.post("/api/records/account/bulk", {
    records: [{ name: "华东机电" }, { name: "重名公司" }, { name: "重名公司" }],
  });
  for (const r of seeded.body.records) ids[r.name] = r.id;
});
afterAll(() => app?.close());

async function contacts() {
  const r = await app.admin.get("/api/records/contact?limit=100&sort=name&fields=name,mobile,account");
  return r.body.records.map((c: Record<string, unknown>) => [c.name, c.mobile, c.account]);
}

describe("importing CSV", () => {
  it("reads GBK (what Chinese Excel writes), resolves relations by name in one lookup per batch", async () => {
    const text =
      "姓名,所属客户,手机\r\n张伟,华东机电,13800000001\r\n,,\r\n李娜,不存在的公司,13800000002\r\n王芳,重名公司,13800000003\r\n刘洋,华东机电,\r\n";
    const bytes = iconv.encode(text, "gbk");
    const uploaded = await upload(app.admin, "contact", "联系人.csv", bytes);
    expect(uploaded.status, uploaded.text).toBe(201);
    expect(uploaded.body).toMatchObject({
      format: "csv",
      encoding: "gb18030",
      sheets: [{ name: "CSV", rows: 4 }],
    });
    const id = uploaded.body.id;
    const inspect = await app.admin.get(`/api/imports/${id}/inspect`);
    expect(inspect.body.suggestions.map((s: { field: string | null }) => s.field)).toEqual([
      "name",
      "account",
      "mobile",
    ]);
    app.queries.length = 0;
    const run = await app.admin.post(`/api/imports/${id}/run`, {
      sheet: "CSV",
      header_row: 1,
      mapping: [
        { column: "A", field: "name" },
        { column: "B", field: "account" },
        { column: "C", field: "mobile" },
      ],
    });
    expect(run.status, run.text).toBe(202);
    const done = await settle(app.admin, id);
    expect(done.status).toBe("completed");
    expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 2 });
    // one lookup of the account names for the whole batch, not one per row
    expect(
      app.queries.filter((q) => q.includes('"account"') && q.includes("SELECT") && q.includes('"name"'))
        .length,
    ).toBeLessThanOrEqual(2);
    expect(await contacts()).toEqual([
      ["刘洋", null, ids.华东机电],
      ["张伟", "13800000001", ids.华东机电],
    ]);
    const report = await app.admin.get(`/api/imports/${id}/errors`);
    expect(
      report.body.errors.map((e: Record<string, unknown>) => [e.row, e.column, e.code, e.message]),
    ).toEqual([
      [4, "B", "reference_not_found", "No Account record named “不存在的公司”"],
      [5, "B", "reference_ambiguous", "2 Account records are named “重名公司”; use a code instead"],
    ]);
  });

  it("reads UTF-8 with a BOM, semicolons, and skips duplicates on the match field", async () => {
    const text = "\uFEFFName;Mobile\n张伟;13900000001\n新人;13900000002\n新人;13900000003\n";
    const uploaded = await upload(app.admin, "contact", "c.csv", Buffer.from(text));
    expect(uploaded.body.encoding).toBe("utf-8");
    const id = uploaded.body.id;
    const run = await app.admin.post(`/api/imports/${id}/run`, {
      sheet: "CSV",
      header_row: 1,
      mapping: [
        { column: "A", field: "name" },
        { column: "B", field: "mobile" },
      ],
      duplicates: "skip",
      match_fields: ["name"],
    });
    expect(run.status, run.text).toBe(202);
    const done = await settle(app.admin, id);
    expect(done.counts).toEqual({ created: 1, updated: 0, skipped: 2, failed: 0 });
    expect((await contacts()).filter((c: unknown[]) => c[0] === "新人" || c[0] === "张伟")).toEqual([
      ["张伟", "13800000001", ids.华东机电],
      ["新人", "13900000002", null],
    ]);
  });
});
