import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { SheetRow } from "./table-source.ts";
import { xlsxRows } from "./xlsx-source.ts";
import { forStreamingReader } from "./zip-restream.ts";

const LOCAL = 0x04034b50;

/** The local records of an archive as a forward-only reader meets them: name and data-descriptor flag. */
function localRecords(bytes: Buffer) {
  const records: { name: string; descriptor: boolean }[] = [];
  let p = 0;
  while (bytes.readUInt32LE(p) === LOCAL) {
    const flags = bytes.readUInt16LE(p + 6);
    const compressed = bytes.readUInt32LE(p + 18);
    const nameLength = bytes.readUInt16LE(p + 26);
    const extraLength = bytes.readUInt16LE(p + 28);
    records.push({
      name: bytes.toString("utf8", p + 30, p + 30 + nameLength),
      descriptor: (flags & 8) !== 0,
    });
    // Only an entry with its size in the header can be stepped over; the rewrite guarantees that.
    if (flags & 8) break;
    p += 30 + nameLength + extraLength + compressed;
  }
  return records;
}

async function twoSheets(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const customers = wb.addWorksheet("客户");
  customers.addRow(["客户名称", "年采购额"]);
  for (let i = 1; i <= 300; i++) customers.addRow([`客户${i}`, i * 1.5]);
  wb.addWorksheet("联系人").addRow(["姓名"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The bytes in chunks of random sizes, each after a random pause: how a stored file arrives under load. */
function raggedStream(bytes: Buffer, seed: number): Readable {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  return Readable.from(
    (async function* () {
      for (let p = 0; p < bytes.length; ) {
        const size = 1 + (next() % 4096);
        if (next() % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
        yield bytes.subarray(p, p + size);
        p += size;
      }
    })(),
    { objectMode: false },
  );
}

async function rowsOf(source: Readable, sheet: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of xlsxRows(source, sheet)) rows.push(row);
  return rows;
}

describe("a workbook rewritten for the streaming reader", () => {
  it("puts the workbook, its relations, strings and styles before the worksheets, every size in its header", async () => {
    const original = await twoSheets();
    const before = localRecords(original).map((r) => r.name);
    // exceljs writes xl/workbook.xml after the worksheets: the order that made the reader park them in temp files.
    expect(before.indexOf("xl/workbook.xml")).toBeGreaterThan(before.indexOf("xl/worksheets/sheet1.xml"));

    const records = localRecords(forStreamingReader(original));
    expect(records.every((r) => !r.descriptor)).toBe(true);
    const names = records.map((r) => r.name);
    expect(names.slice(0, 5)).toEqual([
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/workbook.xml",
      "xl/sharedStrings.xml",
      "xl/styles.xml",
    ]);
    expect(names.indexOf("xl/worksheets/sheet1.xml")).toBe(5);
    expect([...names].sort()).toEqual([...before].sort());
  });

  it("reads every row of every sheet as the original does, whatever the chunking", async () => {
    const original = await twoSheets();
    const expected = await rowsOf(Readable.from([original]), "客户");
    expect(expected).toHaveLength(301);
    const rewritten = forStreamingReader(original);
    for (let seed = 1; seed <= 40; seed++) {
      expect(await rowsOf(raggedStream(rewritten, seed), "客户")).toEqual(expected);
      expect((await rowsOf(raggedStream(rewritten, seed), "联系人")).map((r) => r.cells)).toEqual([["姓名"]]);
    }
  });

  it("leaves no copy of a worksheet in the temp directory when the reader stops early", async () => {
    const original = await twoSheets();
    const own = mkdtempSync(join(tmpdir(), "keduo-restream-"));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = own;
    try {
      // The original order made exceljs park the worksheet in a temp file, never removed after an early stop.
      for await (const _ of xlsxRows(Readable.from([original]), "客户")) break;
      expect(readdirSync(own).length).toBeGreaterThan(0);
      for (const file of readdirSync(own)) rmSync(join(own, file));
      for await (const _ of xlsxRows(Readable.from([forStreamingReader(original)]), "客户")) break;
      expect(readdirSync(own)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(own, { recursive: true, force: true });
    }
  });
});
