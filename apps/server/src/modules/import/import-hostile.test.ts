import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createImportFixture, upload, workbook, workbookParts, zipOf } from "./import.test-support.ts";

let app: TestApp;
const LIMITS = { KEDUO_IMPORT_MAX_ROWS: "100000", KEDUO_IMPORT_MAX_BYTES: String(30 * 1024 * 1024) };

beforeAll(async () => {
  // Import limits are configuration, read by loadConfig when the server starts.
  app = await startTestApp({ env: LIMITS });
  await createImportFixture(app.admin);
});
afterAll(() => app?.close());

const refused = async (name: string, bytes: Buffer) => {
  const started = Date.now();
  const response = await upload(app.admin, "account", name, bytes);
  return { ...response, ms: Date.now() - started };
};

describe("hostile files are refused before they cost much", () => {
  it("a zip bomb disguised as .xlsx (its directory admits the ratio)", async () => {
    const bomb = zipOf(workbookParts(Buffer.alloc(40 * 1024 * 1024, 0x20)));
    expect(bomb.length).toBeLessThan(200_000);
    const response = await refused("report.xlsx", bomb);
    expect(response.status, response.text).toBe(422);
    expect(response.body.type).toContain("import-zip-bomb");
    expect(response.body.detail).toContain("expands");
  });

  it("a zip bomb whose directory lies about the size is stopped while inflating", async () => {
    const parts = workbookParts(Buffer.alloc(40 * 1024 * 1024, 0x20));
    parts[3] = { ...parts[3]!, declaredSize: 1000 } as (typeof parts)[number];
    const response = await refused("report.xlsx", zipOf(parts));
    expect(response.status, response.text).toBe(422);
    expect(response.body.detail).toContain("beyond its declared");
  });

  it("wrong magic bytes: a PDF, an old .xls, binary junk named .csv", async () => {
    for (const [name, bytes, reason] of [
      ["a.xlsx", Buffer.from("%PDF-1.7\n..."), "PDF"],
      ["a.xlsx", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), ".xls"],
      ["a.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), "binary"],
    ] as const) {
      const response = await refused(name, bytes);
      expect(response.status, response.text).toBe(415);
      expect(response.body.detail).toContain(reason);
    }
  });

  it("a malformed workbook: a zip without a workbook, and a truncated one", async () => {
    const notWorkbook = await refused("x.xlsx", zipOf([{ name: "hello.txt", data: Buffer.from("hi") }]));
    expect(notWorkbook.status).toBe(422);
    expect(notWorkbook.body.type).toContain("import-malformed");
    const real = await workbook((wb) => wb.addWorksheet("S").addRow(["客户名称"]));
    const truncated = await refused("x.xlsx", real.subarray(0, Math.floor(real.length / 2)));
    expect(truncated.status).toBe(422);
    expect(truncated.body.type).toContain("import-malformed");
  });

  it("a 1,000,000-row CSV beyond the configured 100,000-row cap, counted while streaming", async () => {
    const lines = ["客户名称,电话"];
    for (let i = 0; i < 1_000_000; i++) lines.push(`c${i},1`);
    const csv = Buffer.from(lines.join("\n"));
    const response = await refused("big.csv", csv);
    expect(response.status, response.text).toBe(422);
    expect(response.body.type).toContain("import-too-many-rows");
    expect(response.body.detail).toContain("100000");
    expect(response.ms).toBeLessThan(10_000);
    const count = await app.admin.get("/api/records/account?count=true&limit=1");
    expect(count.body.total).toBe(0);
    expect(await storedImports()).toEqual({ runs: 0, chunks: 0 });
  });

  it("a file over the size cap", async () => {
    const response = await refused("big.csv", Buffer.alloc(31 * 1024 * 1024, 0x41));
    expect(response.status).toBe(413);
  });

  it("a streamed upload with no declared length is stopped at the size cap and stores nothing", async () => {
    let sent = 0;
    const piece = new Uint8Array(256 * 1024).fill(0x41);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // far past the 30 MiB cap unless the server stops reading
        if (sent >= 200 * 1024 * 1024) return controller.close();
        sent += piece.length;
        controller.enqueue(piece);
      },
    });
    const response = await app.admin
      .request("POST", "/api/imports?object=account", body, {
        "content-type": "text/csv",
        "x-file-name": "endless.csv",
      })
      .catch((error: Error) => ({ status: 0, text: error.message }));
    // the server answers 413 (or closes the connection) once the cap is passed, long before 200 MiB
    if (response.status !== 0) expect(response.status, response.text).toBe(413);
    expect(sent).toBeLessThan(100 * 1024 * 1024);
    expect(await storedImports()).toEqual({ runs: 0, chunks: 0 });
  });
});

/** What refused uploads left in the import tables: nothing, since each upload is one transaction. */
async function storedImports() {
  const system = sql.id(app.database.schemas.system);
  const { rows } = await sql<{ runs: number; chunks: number }>`SELECT
    (SELECT count(*)::int FROM ${system}.import_runs) AS runs,
    (SELECT count(*)::int FROM ${system}.import_file_chunks) AS chunks`.execute(app.database.db);
  return rows[0];
}
