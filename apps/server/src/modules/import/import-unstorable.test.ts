import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectCleanProblem } from "../../test/problems.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createImportFixture, settle, upload, workbookParts, zipOf } from "./import.test-support.ts";

/**
 * A cell PostgreSQL cannot store (a NUL character; a lone surrogate) is a row problem `invalid_characters`
 * in the dry run and the run, like the API refuses it — never a 500, never a lookup, never stored altered.
 * A header holding one names its column without it (headers are remembered with the mapping, not data).
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createImportFixture(app.admin);
  const seeded = await app.admin.post("/api/records/account", { name: "华东机电" });
  expect(seeded.status, seeded.text).toBe(201);
}, 120_000);
afterAll(() => app?.close());

const utf16Csv = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
const MAPPING = [
  { column: "A", field: "name" },
  { column: "B", field: "account" },
  { column: "C", field: "mobile" },
];

/** Upload → inspect → dry run → run; the headers, both reports and the contacts the run created. */
async function importContacts(name: string, bytes: Buffer) {
  const uploaded = await upload(app.admin, "contact", name, bytes);
  expect(uploaded.status, uploaded.text).toBe(201);
  const id: string = uploaded.body.id;
  const inspect = await app.admin.get(`/api/imports/${id}/inspect`);
  expect(inspect.status, inspect.text).toBe(200);
  const settings = { sheet: inspect.body.sheet, header_row: inspect.body.header_row, mapping: MAPPING };
  const dry = await app.admin.post(`/api/imports/${id}/dry-run`, settings);
  expect(dry.status, dry.text).toBe(202);
  expect((await settle(app.admin, id)).status).toBe("validated");
  const dryReport = await app.admin.get(`/api/imports/${id}/errors?phase=dry_run`);
  expect(dryReport.status, dryReport.text).toBe(200);
  const run = await app.admin.post(`/api/imports/${id}/run`, settings);
  expect(run.status, run.text).toBe(202);
  const done = await settle(app.admin, id);
  const runReport = await app.admin.get(`/api/imports/${id}/errors?phase=run`);
  const problems = (report: typeof dryReport) =>
    report.body.errors.map((e: Record<string, unknown>) => [e.row, e.column, e.value, e.code]);
  return {
    headers: inspect.body.headers.map((h: { name: string }) => h.name),
    done,
    dryProblems: problems(dryReport),
    runProblems: problems(runReport),
    messages: runReport.body.errors.map((e: { message: string }) => e.message),
  };
}

async function contactNames(): Promise<string[]> {
  const response = await app.admin.get("/api/records/contact?limit=100&sort=name&fields=name");
  return response.body.records.map((r: { name: string }) => r.name);
}

describe(`importing cells PostgreSQL cannot store, on ${testEngine}`, () => {
  it("makes each NUL cell a row problem in a UTF-16 CSV (text, relation lookup, phone), header included", async () => {
    const text = [
      "姓\u0000名,所属客户,手机",
      "张伟\u0000,华东机电,13800000001",
      "李娜,华东\u0000机电,13800000002",
      "王芳,华东机电,1380000\u00000003",
      "赵\ud800敏,,",
      "刘洋,华东机电,13800000005",
    ].join("\r\n");
    const result = await importContacts("联系人.csv", utf16Csv(text));
    expect(result.headers).toEqual(["姓名", "所属客户", "手机"]);
    const expected = [
      [2, "A", "张伟", "invalid_characters"],
      [3, "B", "华东机电", "invalid_characters"],
      [4, "C", "13800000003", "invalid_characters"],
    ];
    expect(result.dryProblems).toEqual(expected);
    expect(result.done.status).toBe("completed");
    expect(result.done.counts).toMatchObject({ created: 2, failed: 3 });
    expect(result.runProblems).toEqual(expected);
    expect(result.messages[0]).toContain("cannot be stored");
    // A lone surrogate in the file's bytes is undecodable UTF-16: the decoder reads it as U+FFFD, as it reads
    // any malformed byte sequence, so no unstorable text comes out of a CSV but NUL.
    expect(await contactNames()).toEqual(["刘洋", "赵\ufffd敏"]);
  });

  it("finds a NUL past the part of a UTF-8 CSV that is sniffed for binary data", async () => {
    const filler = Array.from({ length: 400 }, (_, i) => `填充${i},,1380000${String(i).padStart(4, "0")}`);
    const text = ["姓名,所属客户,手机", ...filler, "坏\u0000行,华东机电,13900000000"].join("\n");
    expect(Buffer.byteLength(text)).toBeGreaterThan(8192);
    const result = await importContacts("big.csv", Buffer.from(text, "utf8"));
    expect(result.dryProblems).toEqual([[402, "A", "坏行", "invalid_characters"]]);
    expect(result.done.counts).toMatchObject({ created: 400, failed: 1 });
  });

  it("cannot get a NUL out of a workbook: XML refuses the character, Excel's escape stays text", async () => {
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheetOf = (name: string) =>
      Buffer.from(
        `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
          `<row r="1">${cell("A1", "姓名")}</row><row r="2">${cell("A2", name)}</row></sheetData></worksheet>`,
      );
    for (const reference of ["孙&#0;丽", "周&#xD800;杰"]) {
      const refused = await upload(
        app.admin,
        "contact",
        "联系人.xlsx",
        zipOf(workbookParts(sheetOf(reference))),
      );
      expectCleanProblem(refused, 422, "IMPORT_MALFORMED");
    }
    const escaped = await upload(
      app.admin,
      "contact",
      "联系人.xlsx",
      zipOf(workbookParts(sheetOf("孙_x0000_丽"))),
    );
    expect(escaped.status, escaped.text).toBe(201);
    const samples = await app.admin.get(`/api/imports/${escaped.body.id}/inspect`);
    expect(samples.body.samples[0].cells[0]).toBe("孙_x0000_丽");
  });
});
