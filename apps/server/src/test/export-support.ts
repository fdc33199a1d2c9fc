import ExcelJS from "exceljs";
import { expect } from "vitest";
import type { HttpClient, HttpResponse } from "./http-client.ts";
import type { TestApp } from "./test-app.ts";

/** A download as raw bytes (the test client decodes bodies as text, which an .xlsx is not). */
export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

export async function tokenOf(client: HttpClient): Promise<string> {
  const response = await client.post("/api/auth/tokens", { name: "export test" });
  expect(response.status, response.text).toBe(201);
  return response.body.token as string;
}

export async function download(
  app: TestApp,
  token: string,
  path: string,
  locale = "zh-CN",
): Promise<Download> {
  const response = await fetch(app.url + path, {
    headers: { authorization: `Bearer ${token}`, "accept-language": locale },
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** RFC 4180 parsing, written out here so the test does not trust the code under test. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length) throw new Error("CSV does not end with CRLF");
  return rows;
}

export function csvOf(downloaded: Download): string[][] {
  const text = downloaded.bytes.toString("utf8");
  expect(text.startsWith("\uFEFF"), "UTF-8 BOM").toBe(true);
  return parseCsv(text.slice(1));
}

export async function workbookOf(downloaded: Download): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(downloaded.bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The rows of a sheet as plain values (empty cells as null), header first. */
export function sheetRows(sheet: ExcelJS.Worksheet, width: number): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: unknown[] = [];
    for (let c = 1; c <= width; c++) {
      const value = row.getCell(c).value;
      values.push(value === undefined || value === "" ? null : value);
    }
    rows.push(values);
  });
  return rows;
}

/** Every record of a list API query, page by page. */
export async function listAll(client: HttpClient, object: string, params: Record<string, string>) {
  const records: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({
      ...params,
      limit: "1000",
      ...(cursor ? { cursor } : {}),
    });
    const page: HttpResponse = await client.get(`/api/records/${object}?${query}`);
    expect(page.status, page.text).toBe(200);
    records.push(...page.body.records);
    cursor = page.body.next_cursor;
  } while (cursor);
  return records;
}

const wallClockFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** An instant as a wall-clock time in the organisation's zone (Asia/Shanghai in tests). */
export const shanghai = (iso: string) => wallClockFormat.format(new Date(iso));

/** That wall-clock time as the Date exceljs reads back from a cell. */
export const excelDate = (wallClock: string) => new Date(`${wallClock.replace(" ", "T")}Z`);
