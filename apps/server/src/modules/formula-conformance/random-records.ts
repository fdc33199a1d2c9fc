import type { FormulaContext, FormulaValueType } from "@keduo/core";
import fc from "fast-check";
import { ITEM_COLUMNS, OWN_COLUMNS, RECORD_COLUMNS } from "./conformance-schema.ts";
import { DIRECTORY_USERS, MISSING_USER } from "./directory-fixture.ts";

/** A record as flat column values (`acc.parent.n` is one key), plus its list items. */
export interface FlatRecord {
  values: Record<string, unknown>;
  items: Array<Record<string, unknown>>;
  /** Its own columns before the write being checked; null when the write creates it. */
  prior: Record<string, unknown> | null;
}

const DAY_MS = 86_400_000;

/** i / 10^scale as exact decimal text, without going through binary floats. */
function decimalText(integer: number, scale: number): string {
  const digits = Math.abs(integer)
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : "";
  return `${integer < 0 ? "-" : ""}${whole}${fraction}`;
}

function numberArb(maxScale: number, edges: string[]): fc.Arbitrary<string | null> {
  const random = fc
    .tuple(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.integer({ min: 0, max: maxScale }))
    .map(([integer, scale]) => decimalText(integer, scale));
  return fc.oneof(fc.constant(null), fc.constantFrom(...edges), random);
}

const NUMBER_EDGES = [
  "0",
  "1",
  "-1",
  "0.5",
  "2.5",
  "-2.5",
  "0.00000001",
  "123456789.12345678",
  "999999999999999",
  "-999999999999999",
  "3",
  "7",
  "12",
];
const MONEY_EDGES = [
  "0.00",
  "1.00",
  "-1.00",
  "0.50",
  "2.50",
  "0.01",
  "9999999999999999.99",
  "100.00",
  "-0.01",
];
const TEXT_EDGES = [
  "",
  "a",
  "b",
  "abc",
  "Hello World",
  "  padded  ",
  "😀🎉",
  "𠀀𪚥",
  "张三",
  "ß",
  "É",
  "a\nb",
  "100",
  " 42.5 ",
  "-7",
  "1e5",
  "a.b*c",
  "x'y",
  "\u3000全角\u3000",
  "won",
  "lol",
  "aab",
  "cde",
  "！全角",
  "￥5",
];
const CHARS = [
  ..."abcxyzABC 019.-_'\"\t\n",
  "张",
  "三",
  "一",
  "龥",
  "😀",
  "🙏",
  "𠀀",
  "𪚥",
  "\u3000",
  "é",
  "ß",
  "Ω",
  "e\u0301",
  "！",
  "￥",
];
const DATE_EDGES = [
  "2024-02-29",
  "2023-02-28",
  "2024-01-31",
  "2023-12-31",
  "2000-02-29",
  "1900-03-01",
  "0001-01-01",
  "9999-12-31",
  "9999-12-01",
  "2026-03-15",
  "2026-03-14",
  "2026-03-16",
  "2028-02-29",
  "2025-03-31",
];
const DATETIME_EDGES = [
  "2026-03-08T07:00:00.000Z",
  "2026-11-01T05:30:00.000Z",
  "2024-02-29T16:00:00.000Z",
  "2025-12-31T16:00:00.000Z",
  "2026-03-15T02:00:00.000Z",
  "2026-03-14T16:00:00.123Z",
];
const USERS = [...DIRECTORY_USERS, MISSING_USER];

const textArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...TEXT_EDGES),
  fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 10 }),
);

const dateArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...DATE_EDGES),
  fc
    .integer({ min: Date.UTC(1900, 0, 1) / DAY_MS, max: Date.UTC(2100, 11, 31) / DAY_MS })
    .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10)),
);

const datetimeArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...DATETIME_EDGES),
  fc
    .integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2090, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
);

const VALUE_ARBS: Record<FormulaValueType, fc.Arbitrary<unknown>> = {
  number: numberArb(8, NUMBER_EDGES),
  currency: fc.oneof(numberArb(2, MONEY_EDGES)),
  percent: numberArb(2, ["0", "15", "100", "12.5", "-5"]),
  text: textArb,
  select: fc.constantFrom(null, "won", "lost", "new", "a"),
  multi_select: fc.oneof(fc.constant(null), fc.subarray(["a", "b", "c"])),
  boolean: fc.constantFrom(null, true, false),
  date: dateArb,
  datetime: datetimeArb,
  user: fc.constantFrom(null, ...USERS),
};

function rowArb(columns: ReadonlyArray<readonly [string, FormulaValueType]>) {
  return fc.record(
    Object.fromEntries(columns.map(([name, type]) => [name, VALUE_ARBS[type]])),
  ) as fc.Arbitrary<Record<string, unknown>>;
}

/** Prior values: each column either unchanged by the write or any other value. */
function priorArb(values: Record<string, unknown>): fc.Arbitrary<Record<string, unknown> | null> {
  const changed = fc.record(
    Object.fromEntries(
      OWN_COLUMNS.map(([name, type]) => [name, fc.oneof(fc.constant(values[name]), VALUE_ARBS[type])]),
    ),
  );
  return fc.oneof(fc.constant(null), changed);
}

export const recordArb: fc.Arbitrary<FlatRecord> = fc
  .record({ values: rowArb(RECORD_COLUMNS), items: fc.array(rowArb(ITEM_COLUMNS), { maxLength: 4 }) })
  .chain(({ values, items }) => priorArb(values).map((prior) => ({ values, items, prior })));

/** Nested data for plainFormulaRecord: `acc.parent.n` becomes `{ acc: { parent: { n } } }`. */
export function nestedRecord(record: FlatRecord): Record<string, unknown> {
  const root: Record<string, unknown> = { items: record.items };
  for (const [path, value] of Object.entries(record.values)) {
    const names = path.split(".");
    let node = root;
    for (const name of names.slice(0, -1)) {
      node[name] ??= {};
      node = node[name] as Record<string, unknown>;
    }
    node[names[names.length - 1]!] = value;
  }
  return root;
}

/** Clocks and zones where TODAY differs from the UTC date, and a leap day. */
export const CONTEXTS: readonly FormulaContext[] = [
  { now: new Date("2026-03-15T02:00:00Z"), today: "2026-03-15", timeZone: "Asia/Shanghai" },
  { now: new Date("2025-12-31T16:30:00Z"), today: "2026-01-01", timeZone: "Asia/Shanghai" },
  { now: new Date("2028-03-01T03:30:00Z"), today: "2028-02-29", timeZone: "America/New_York" },
];
