import { type FieldType, fail, ok, TEXT_OPERATORS } from "./field-type.ts";

const TOKEN = /\{(YYYY|YY|MM|DD|0+)\}/g;

export interface AutoNumberPattern {
  /** Whether the counter restarts each year (the pattern shows the year). */
  yearly: boolean;
  digits: number;
}

/** `HT-{YYYY}-{0000}`: fixed text, date parts and exactly one zero-padded counter. */
export function parseAutoNumberPattern(pattern: unknown): AutoNumberPattern | null {
  if (typeof pattern !== "string" || pattern.length === 0 || pattern.length > 60) return null;
  const tokens = [...pattern.matchAll(TOKEN)].map((m) => m[1] ?? "");
  const counters = tokens.filter((t) => t.startsWith("0"));
  const counter = counters[0];
  if (counters.length !== 1 || !counter || counter.length > 12) return null;
  const literal = pattern.replace(TOKEN, "");
  if (/[{}]/.test(literal)) return null;
  return { yearly: tokens.includes("YYYY") || tokens.includes("YY"), digits: counter.length };
}

/** Formats one number; `today` is the org-time-zone calendar date "YYYY-MM-DD". */
export function formatAutoNumber(pattern: string, counter: number, today: string): string {
  return pattern.replace(TOKEN, (_, token: string) => {
    if (token === "YYYY") return today.slice(0, 4);
    if (token === "YY") return today.slice(2, 4);
    if (token === "MM") return today.slice(5, 7);
    if (token === "DD") return today.slice(8, 10);
    return String(counter).padStart(token.length, "0");
  });
}

export const autoNumberType: FieldType = {
  name: "auto_number",
  label: { "zh-CN": "自动编号", en: "Auto number" },
  resolveConfig(config, issues) {
    const pattern = config.pattern ?? "{000000}";
    if (!parseAutoNumberPattern(pattern))
      issues.push({
        field: "config.pattern",
        code: "invalid_format",
        params: { format: "HT-{YYYY}-{0000}" },
      });
    return { pattern };
  },
  columns: (field) => [{ name: field.apiName, sqlType: "text" }],
  jsonSchema: () => ({ type: "string", readOnly: true }),
  toColumns: () => fail("read_only"),
  fromColumns: (row, field) => row[field.apiName] ?? null,
  parseOperand: (value) =>
    typeof value === "string" ? ok(value) : fail("invalid_type", { expected: "text" }),
  operators: TEXT_OPERATORS,
  sortable: true,
  supportsUnique: true,
  supportsIndex: true,
  systemGenerated: true,
};
