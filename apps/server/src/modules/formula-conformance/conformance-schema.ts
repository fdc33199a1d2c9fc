import { createFormulaSchema, type FormulaValueType } from "@keduo/core";

/**
 * The objects the differential test evaluates over. Every path of a record becomes one column of a
 * VALUES row (`acc.parent.n` → `acc__parent__n`), and list items become rows of a second relation. User
 * values are followed into the users and departments of directory-fixture.ts; the record's own columns
 * also have prior values (PRIORVALUE, ISCHANGED), unless the record is new.
 */
export const RECORD_COLUMNS: ReadonlyArray<readonly [string, FormulaValueType]> = [
  ["n1", "number"],
  ["n2", "number"],
  ["n3", "number"],
  ["c1", "currency"],
  ["p1", "percent"],
  ["t1", "text"],
  ["t2", "text"],
  ["t3", "text"],
  ["s1", "select"],
  ["m1", "multi_select"],
  ["b1", "boolean"],
  ["d1", "date"],
  ["d2", "date"],
  ["dt1", "datetime"],
  ["u1", "user"],
  ["acc.n", "number"],
  ["acc.t", "text"],
  ["acc.d", "date"],
  ["acc.u", "user"],
  ["acc.parent.n", "number"],
  ["acc.parent.t", "text"],
];

export const ITEM_COLUMNS: ReadonlyArray<readonly [string, FormulaValueType]> = [
  ["amount", "currency"],
  ["qty", "number"],
  ["status", "select"],
  ["note", "text"],
  ["due", "date"],
];

export const SQL_TYPES: Record<FormulaValueType, string> = {
  number: "numeric",
  currency: "numeric(18,2)",
  percent: "numeric",
  text: "text",
  select: "text",
  multi_select: "text[]",
  boolean: "boolean",
  date: "date",
  datetime: "timestamptz",
  user: "uuid",
};

export const conformanceSchema = createFormulaSchema({
  rec: {
    ...Object.fromEntries(
      RECORD_COLUMNS.filter(([path]) => !path.includes(".")).map(([path, type]) => [path, type]),
    ),
    acc: { relation: "account" },
    items: { list: "item" },
  },
  account: { n: "number", t: "text", d: "date", u: "user", parent: { relation: "parent" } },
  parent: { n: "number", t: "text" },
  item: Object.fromEntries(ITEM_COLUMNS),
});

/** The record's own columns: what PRIORVALUE and ISCHANGED read. */
export const OWN_COLUMNS = RECORD_COLUMNS.filter(([path]) => !path.includes("."));
