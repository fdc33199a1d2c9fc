import type ExcelJS from "exceljs";
import { afterAll, beforeAll, expect } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { settle, upload, workbook } from "./import.test-support.ts";

/** A customer object as a Chinese sales team keeps one: amounts, tiers, one address, phones, an owner. */
export async function createCustomerObject(client: HttpClient) {
  await createObject(client, "customer", "客户", "Customer");
  const fields: Array<Record<string, unknown>> = [
    { api_name: "name", type: "text", required: true, labels: label("客户名称", "Customer name") },
    { api_name: "purchases", type: "currency", labels: label("年采购额", "Annual purchases") },
    { api_name: "headcount", type: "number", labels: label("员工数", "Employees") },
    {
      api_name: "tier",
      type: "single_select",
      labels: label("客户级别", "Tier"),
      config: {
        options: [
          { value: "a", labels: label("A", "A") },
          { value: "b", labels: label("B", "B") },
          { value: "key", labels: label("重点", "Key account") },
        ],
      },
    },
    {
      api_name: "tags",
      type: "multi_select",
      labels: label("标签", "Tags"),
      config: {
        options: [
          { value: "new", labels: label("新客户", "New") },
          { value: "vip", labels: label("贵宾", "VIP") },
        ],
      },
    },
    { api_name: "region", type: "address", labels: label("所在地区", "Region") },
    { api_name: "mobile", type: "phone", labels: label("手机", "Mobile") },
    { api_name: "owner_user", type: "user", labels: label("负责人", "Owner") },
    { api_name: "website", type: "url", labels: label("官网", "Website") },
    { api_name: "notes", type: "text", labels: label("备注", "Notes") },
  ];
  for (const field of fields) await addField(client, "customer", field);
  const patched = await client.patch("/api/meta/objects/customer", { display_field: "name" });
  expect(patched.status, patched.text).toBe(200);
}

/** A test app with the customer object, started before the file's tests and closed after them. */
export function customerApp(): { readonly app: TestApp } {
  const env = {} as { app: TestApp };
  beforeAll(async () => {
    env.app = await startTestApp();
    await createCustomerObject(env.app.admin);
  });
  afterAll(() => env.app?.close());
  return env;
}

/** One sheet under a merged title row, as people make them: `rows[0]` is the header row. */
export function salesWorkbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  return workbook((wb) => {
    const ws = wb.addWorksheet("客户");
    ws.addRow(["2026 客户清单"]);
    ws.mergeCells(1, 1, 1, rows[0]!.length);
    for (const row of rows) ws.addRow(row);
  });
}

export interface Mapped {
  column: string;
  field: string | null;
  [key: string]: unknown;
}

/** Uploads and inspects: the import's id and what inspect answered. */
export async function uploadAndInspect(client: HttpClient, bytes: Buffer, object = "customer") {
  const uploaded = await upload(client, object, "客户.xlsx", bytes);
  expect(uploaded.status, uploaded.text).toBe(201);
  const inspect = await client.get(`/api/imports/${uploaded.body.id}/inspect`);
  expect(inspect.status, inspect.text).toBe(200);
  return { id: uploaded.body.id as string, inspect: inspect.body, upload: uploaded.body };
}

/** Starts a dry run or a run with these settings (sheet and header row from inspect) and waits for it. */
export async function startAndSettle(
  client: HttpClient,
  id: string,
  phase: "dry-run" | "run",
  inspect: { sheet: string; header_row: number },
  body: { mapping: Mapped[]; [key: string]: unknown },
) {
  const started = await client.post(`/api/imports/${id}/${phase}`, {
    sheet: inspect.sheet,
    header_row: inspect.header_row,
    ...body,
    mapping: body.mapping.filter((m) => m.field !== null),
  });
  expect(started.status, started.text).toBe(202);
  return settle(client, id);
}

/** The customers with these names (each test names its own), sorted by name, with the given fields. */
export async function customers(client: HttpClient, names: string[], fields: string[]) {
  const response = await client.get(
    `/api/records/customer?limit=500&sort=name&fields=${["name", ...fields].join(",")}`,
  );
  expect(response.status, response.text).toBe(200);
  return response.body.records
    .filter((r: Record<string, unknown>) => names.includes(String(r.name)))
    .map((r: Record<string, unknown>) => Object.fromEntries(["name", ...fields].map((f) => [f, r[f]])));
}
