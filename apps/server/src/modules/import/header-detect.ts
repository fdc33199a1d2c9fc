import { toStorableText } from "@keduo/core";
import { type Cell, cellText, type SheetRow } from "./table-source.ts";

export interface Header {
  /** 0-based column index. */
  index: number;
  /** Excel column letter (A, B … AA). */
  letter: string;
  /** The header text ("" when the column has none). */
  name: string;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function parseRef(ref: string) {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  return m ? { col: columnIndex(m[1]!), row: Number(m[2]) } : null;
}

/** How many rows from the top may hold the header (titles, notes and two-level headers above it). */
export const HEADER_SCAN_ROWS = 10;

/**
 * Finds the header row among the first rows: the one with the most *distinct* texts after merged cells are
 * filled in. Distinct, because a merged group title ("联系方式" over 手机 and 邮箱) fills several cells with
 * one text, while the real header below names each column; a title row merged across the sheet scores 1.
 * A cell merged down into the header row (公司名称 over A1:A2) gives the header its name.
 */
export function detectHeader(
  rows: SheetRow[],
  merges: string[],
): { headerRow: number; headers: Header[] } | null {
  const top = rows.filter((r) => r.number <= (rows[0]?.number ?? 0) + HEADER_SCAN_ROWS);
  if (top.length === 0) return null;
  const grid = filledGrid(top, merges);
  let best: { row: number; score: number } | null = null;
  for (const r of top) {
    const texts = (grid.get(r.number) ?? []).map(cellText).filter((t) => t !== "");
    const score = new Set(texts).size;
    if (score > 0 && (!best || score > best.score)) best = { row: r.number, score };
  }
  if (!best) return null;
  return { headerRow: best.row, headers: headersOf(grid.get(best.row) ?? []) };
}

/** The headers of a given row (the one the user chose), merged cells filled in as detection does. */
export function headersAt(rows: SheetRow[], merges: string[], headerRow: number): Header[] {
  return headersOf(filledGrid(rows, merges).get(headerRow) ?? []);
}

function headersOf(cells: Cell[]): Header[] {
  // Header names are remembered with the mapping (jsonb): a NUL or lone surrogate in one is dropped, since a
  // header names a column and is never stored as data.
  const headers = cells.map((cell, index) => ({
    index,
    letter: columnLetter(index),
    name: toStorableText(cellText(cell)),
  }));
  while (headers.length && headers[headers.length - 1]!.name === "") headers.pop();
  return headers;
}

function filledGrid(top: SheetRow[], merges: string[]): Map<number, Cell[]> {
  const grid = new Map<number, Cell[]>(top.map((r) => [r.number, [...r.cells]]));
  for (const merge of merges) {
    const [from, to] = merge.split(":").map(parseRef);
    if (!from || !to) continue;
    const origin = grid.get(from.row)?.[from.col] ?? null;
    if (origin === null) continue;
    for (let row = from.row; row <= to.row; row++) {
      const cells = grid.get(row);
      if (!cells) continue;
      for (let col = from.col; col <= to.col; col++) {
        // Spread only downwards within a column group or across a group title; never overwrite a value.
        if (cells[col] === null || cells[col] === undefined) cells[col] = origin;
      }
    }
  }
  return grid;
}
