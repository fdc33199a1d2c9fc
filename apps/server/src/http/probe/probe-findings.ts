// What the probe and fuzz suites record, and the one allowlist of failures known today (issue 18), which the
// suites turn into expected failures (`it.fails`) so that a fix shows up as a red entry to delete.
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import type { HttpResponse } from "../../test/http-client.ts";

export interface Finding {
  /** The operation as openapi.json names it, e.g. `POST /api/records/{object}`. */
  operation: string;
  /** `leak:<canary>`, `oracle`, `5xx`, `not-forbidden`, `changed:<what>`, `internals:<what>`. */
  kind: string;
  /** The request, for the lead's note. */
  detail: string;
}

export interface KnownOpen {
  suite: "probe" | "fuzz";
  operation: string;
  kind: string;
  reason: string;
  issue: number;
  /** Not a failure: a difference the suite explains (known-open.ts ACCEPTED), with no expected-failure test. */
  accepted?: boolean;
}

export const matches = (entry: KnownOpen) => (finding: Finding) =>
  finding.operation === entry.operation && finding.kind === entry.kind;

/** Findings no KNOWN_OPEN entry names: each one fails the suite. */
export const unexpected = (findings: Finding[], known: readonly KnownOpen[]) =>
  findings.filter((finding) => !known.some((entry) => matches(entry)(finding)));

/** What a response says, as text: a spreadsheet (an export, an error report) is unpacked to its cells. */
export async function readableText(response: HttpResponse): Promise<string> {
  // A list's cursor carries the last row's sort values.
  const cursor = (response.body as { next_cursor?: unknown } | null)?.next_cursor;
  if (typeof cursor === "string")
    return `${response.text}\n${Buffer.from(cursor, "base64url").toString("utf8")}`;
  if (!response.headers.get("content-type")?.includes("spreadsheetml")) return response.text;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(response.bytes as unknown as ArrayBuffer);
  } catch {
    return response.text;
  }
  const cells: string[] = [];
  for (const sheet of workbook.worksheets) {
    cells.push(sheet.name);
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.text));
      });
    });
  }
  return cells.join("\n");
}

/** Status, problem code and field issue codes: what may not differ between "not yours" and "not there". */
export function answerOf(response: HttpResponse): string {
  const body = response.body as {
    code?: string;
    errors?: Array<{ field?: string; code?: string }>;
    total?: number;
    records?: unknown[];
  } | null;
  const issues = Array.isArray(body?.errors)
    ? body.errors.map((issue) => `${issue.field}:${issue.code}`).sort()
    : [];
  // A list says how much it found: a count is an answer too.
  const found = Array.isArray(body?.records) ? [`${body.records.length} records`, `total ${body.total}`] : [];
  return [
    response.status,
    typeof body === "object" && body ? (body.code ?? "") : "",
    ...issues,
    ...found,
  ].join(" ");
}

/** One line per kind and operation with how many requests found it, for the console and the lead's note. */
export function summarise(findings: Finding[]): string[] {
  const counts = new Map<string, { n: number; example: string }>();
  for (const finding of findings) {
    const key = `${finding.kind}  ${finding.operation}`;
    const entry = counts.get(key) ?? { n: 0, example: finding.detail };
    entry.n++;
    counts.set(key, entry);
  }
  return [...counts].map(([key, { n, example }]) => `${key}  ×${n}  e.g. ${example}`);
}

/**
 * One test per kind of finding that fails on anything KNOWN_OPEN does not name, and one expected failure per
 * KNOWN_OPEN entry of the suite: when a fix lands, the entry's test turns red and says to delete the entry.
 */
export function testFindings(
  suite: KnownOpen["suite"],
  kinds: Record<string, string>,
  known: readonly KnownOpen[],
  findings: () => Finding[],
) {
  const entries = known.filter((entry) => entry.suite === suite);
  for (const [prefix, title] of Object.entries(kinds)) {
    it(title, () => {
      const found = unexpected(findings(), entries).filter((finding) => finding.kind.startsWith(prefix));
      expect(summarise(found)).toEqual([]);
    });
  }
  for (const entry of entries.filter((known) => !known.accepted)) {
    it.fails(`still open (issue ${entry.issue}): ${entry.kind} ${entry.operation}; fixed → delete it from KNOWN_OPEN`, () => {
      expect(findings().filter(matches(entry))).toEqual([]);
    });
  }
}
