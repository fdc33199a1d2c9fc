import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { expect } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { settle, upload } from "../../test/import-client.ts";

export { settle, upload };

/** An account object with a field of each importable kind and a contact object relating to it. */
export async function createImportFixture(client: HttpClient) {
  await createObject(client, "account", "客户", "Account");
  const fields: Array<Record<string, unknown>> = [
    { api_name: "name", type: "text", required: true, labels: label("客户名称", "Account name") },
    { api_name: "phone", type: "phone", labels: label("电话", "Phone") },
    { api_name: "email", type: "email", unique: true, labels: label("邮箱", "Email") },
    { api_name: "revenue", type: "currency", labels: label("年收入", "Annual revenue") },
    { api_name: "discount", type: "percent", labels: label("折扣", "Discount") },
    { api_name: "founded", type: "date", labels: label("成立日期", "Founded") },
    { api_name: "last_visit", type: "datetime", labels: label("最近拜访", "Last visit") },
    { api_name: "vip", type: "boolean", labels: label("重点客户", "VIP") },
    {
      api_name: "tier",
      type: "single_select",
      labels: label("级别", "Tier"),
      config: {
        options: [
          { value: "a", labels: label("A类", "Tier A") },
          { value: "b", labels: label("B类", "Tier B") },
        ],
      },
    },
    {
      api_name: "industries",
      type: "multi_select",
      labels: label("行业", "Industries"),
      config: {
        options: [
          { value: "auto", labels: label("汽车", "Automotive") },
          { value: "med", labels: label("医疗", "Medical") },
        ],
      },
    },
    { api_name: "manager", type: "user", labels: label("客户经理", "Account manager") },
  ];
  for (const field of fields) await addField(client, "account", field);
  const patched = await client.patch("/api/meta/objects/account", { display_field: "name" });
  expect(patched.status, patched.text).toBe(200);
  await createObject(client, "contact", "联系人", "Contact");
  await addField(client, "contact", {
    api_name: "name",
    type: "text",
    required: true,
    labels: label("姓名", "Name"),
  });
  await addField(client, "contact", { api_name: "mobile", type: "phone", labels: label("手机", "Mobile") });
  await addField(client, "contact", {
    api_name: "account",
    type: "relation",
    labels: label("所属客户", "Account"),
    config: {
      relation: {
        target: "account",
        cardinality: "many_to_one",
        inverse_name: "contacts",
        inverse_labels: label("联系人", "Contacts"),
      },
    },
  });
}

export async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readWorkbook(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v))),
    );
  });
  return rows;
}

/** A zip archive by hand, to make hostile ones: `declaredSize` lets an entry lie about its size. */
export function zipOf(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const compressed = deflateRawSync(entry.data);
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The smallest workbook exceljs reads: one sheet named S whose XML is `sheetXml`. */
export const workbookParts = (sheetXml: Buffer) => [
  { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
  {
    name: "xl/workbook.xml",
    data: Buffer.from('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
  },
  {
    name: "xl/_rels/workbook.xml.rels",
    data: Buffer.from(
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  },
  { name: "xl/worksheets/sheet1.xml", data: sheetXml },
];

/** A download as raw bytes with the client's session (the test client decodes bodies as text). */
export async function downloadBytes(url: string, client: HttpClient, locale = "zh-CN"): Promise<Buffer> {
  const cookie = (client as unknown as { cookie: string | null }).cookie ?? "";
  const response = await fetch(url, { headers: { cookie, "accept-language": locale } });
  expect(response.status, `${url}: ${response.status}`).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Upload → inspect → run with exactly the suggested mapping (every header must get a field), then waits;
 * returns the finished import and its row problems.
 */
export async function importWithSuggestions(client: HttpClient, object: string, name: string, bytes: Buffer) {
  const uploaded = await upload(client, object, name, bytes);
  expect(uploaded.status, uploaded.text).toBe(201);
  const id: string = uploaded.body.id;
  const inspect = await client.get(`/api/imports/${id}/inspect`);
  expect(inspect.status, inspect.text).toBe(200);
  const suggestions: Array<{ column: string; header: string; field: string | null }> =
    inspect.body.suggestions;
  expect(
    suggestions.filter((s) => s.field === null).map((s) => s.header),
    "headers without a suggested field",
  ).toEqual([]);
  const run = await client.post(`/api/imports/${id}/run`, {
    sheet: inspect.body.sheet,
    header_row: inspect.body.header_row,
    mapping: suggestions.map((s) => ({ column: s.column, field: s.field })),
  });
  expect(run.status, run.text).toBe(202);
  const done = await settle(client, id);
  const report = await client.get(`/api/imports/${id}/errors?phase=run`);
  return { id, done, suggestions, errors: report.body.errors as Array<Record<string, unknown>> };
}
