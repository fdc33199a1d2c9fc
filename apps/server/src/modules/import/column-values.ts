import { restoreCsvText } from "../export/index.ts";
import { type Cell, cellText, type FileFormat, type SheetRow } from "./table-source.ts";

/** At most this many distinct values are counted; rows with others are counted together. */
export const DISTINCT_CAP = 1000;

export interface DistinctValues {
  /** Distinct texts with their row counts, most frequent first. */
  values: Array<{ value: string; count: number }>;
  /** Data rows read; rows whose cell is empty. */
  rows: number;
  empty: number;
  /** Whether more distinct values exist than were counted, and the rows holding them. */
  capped: boolean;
  other_rows: number;
}

/**
 * The distinct texts of one column over the whole sheet, with counts: one streamed pass over the stored
 * file holding at most `cap` texts, so a million-row sheet costs time, not memory. A list cell (multi
 * select, many-to-many) counts each of its parts.
 */
export async function distinctValues(
  rows: AsyncIterable<SheetRow>,
  options: {
    headerRow: number;
    index: number;
    format: FileFormat;
    split: (text: string) => string[];
    cap?: number;
  },
): Promise<DistinctValues> {
  const cap = options.cap ?? DISTINCT_CAP;
  const counts = new Map<string, number>();
  const result: DistinctValues = { values: [], rows: 0, empty: 0, capped: false, other_rows: 0 };
  for await (const row of rows) {
    if (row.number <= options.headerRow) continue;
    result.rows++;
    const cell: Cell = row.cells[options.index] ?? null;
    const raw = options.format !== "xlsx" && typeof cell === "string" ? restoreCsvText(cell) : cell;
    const parts = options.split(cellText(raw));
    if (parts.length === 0) result.empty++;
    let other = false;
    for (const part of parts) {
      const count = counts.get(part);
      if (count !== undefined) counts.set(part, count + 1);
      else if (counts.size < cap) counts.set(part, 1);
      else other = result.capped = true;
    }
    if (other) result.other_rows++;
  }
  result.values = [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return result;
}
