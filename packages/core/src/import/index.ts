import type { AmountUnit } from "../field-types/amount-units.ts";

// The import wizard's choices as the API takes them: shared by the server and the web app.

/** Where an import run is: uploaded, dry-run (validating → validated), run, undone. */
export type ImportStatus =
  | "uploaded"
  | "validating"
  | "validated"
  | "running"
  | "completed"
  | "failed"
  | "undoing"
  | "undone";

/** A row that matches an existing record: skip it, update the record, or create another. */
export type DuplicatePolicy = "skip" | "update" | "create";

/** One mapped column: the sheet column (letter) and the field it fills; relations may name a lookup field. */
export interface ColumnMapping {
  column: string;
  field: string;
  /** Relation columns: the target's field to look the text up by (a code field); default its display field. */
  lookup?: string;
  /** Number and money columns: the unit of plain numbers (the header's, 年采购额(万元), unless changed). */
  unit?: AmountUnit;
  /**
   * Select, user, relation and department columns: what a cell text means, chosen by the user — an option
   * value, a user or record id, or null for "leave empty". Texts not listed are matched by the rules.
   */
  values?: ValueChoice[];
}

/** A value mapping choice: a cell text → an option value, user, record or department id, or null (empty). */
export interface ValueChoice {
  from: string;
  to: string | null;
}
