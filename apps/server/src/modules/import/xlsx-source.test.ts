import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { xlsxRows } from "./xlsx-source.ts";

// exceljs 4.4.0's streaming reader decoded each inflated chunk of XML on its own, so a character whose bytes
// straddled two chunks became U+FFFD: silent corruption of Chinese text in large workbooks (exceljs issues
// #2084, #2063). patches/exceljs+4.4.0.patch decodes the XML as one stream; these workbooks are big enough that
// many characters straddle chunk edges. (They are written with the streaming writer: exceljs's in-memory
// writeBuffer itself corrupts a few characters of a large sharedStrings.xml.)
const text = (row: number, column: number) =>
  `${"苏州精密机械有限公司华东区销售部客户𠮷🚀".repeat(1 + ((row * 7 + column) % 5))}第${row}行`;
const ROWS = 4000;

async function workbook(useSharedStrings: boolean): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings });
  const sheet = writer.addWorksheet("客户");
  for (let row = 1; row <= ROWS; row++) sheet.addRow([text(row, 1), text(row, 2)]).commit();
  sheet.commit();
  await writer.commit();
  return Buffer.concat(chunks);
}

describe("reading a large workbook of Chinese text", () => {
  it.each([
    ["shared strings (as Excel writes)", true],
    ["inline strings", false],
  ])("returns every character exactly as written: %s", async (_, useSharedStrings) => {
    let read = 0;
    for await (const row of xlsxRows(Readable.from([await workbook(useSharedStrings)]), "客户")) {
      read++;
      expect(row.cells).toEqual([text(row.number, 1), text(row.number, 2)]);
    }
    expect(read).toBe(ROWS);
  });
});
