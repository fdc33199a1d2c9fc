import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

export interface TableRows {
  schema: string;
  table: string;
  columns: readonly string[];
  /** Column values in `columns` order. */
  rows: Iterable<readonly unknown[]>;
  /** Called every `reportEvery` rows with the number loaded so far. */
  onProgress?: (loaded: number) => void;
  reportEvery?: number;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (target: TableRows) =>
  `${quoteIdent(target.schema)}.${quoteIdent(target.table)} (${target.columns.map(quoteIdent).join(", ")})`;

const quoteCsv = (text: string) => `"${text.replaceAll('"', '""')}"`;
const arrayElement = (value: unknown) => `"${String(value).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

/** One value in PostgreSQL's CSV COPY format: an unquoted empty field is NULL, a quoted one is text. */
export function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return quoteCsv(`{${value.map(arrayElement).join(",")}}`);
  if (typeof value === "object") return quoteCsv(JSON.stringify(value));
  return quoteCsv(String(value));
}

const CHUNK_ROWS = 2_000;

function* csvChunks(target: TableRows): Generator<string> {
  const every = target.reportEvery ?? 100_000;
  let chunk = "";
  let inChunk = 0;
  let loaded = 0;
  for (const row of target.rows) {
    chunk += `${row.map(csvValue).join(",")}\n`;
    loaded++;
    if (++inChunk === CHUNK_ROWS) {
      yield chunk;
      chunk = "";
      inChunk = 0;
    }
    if (loaded % every === 0) target.onProgress?.(loaded);
  }
  if (chunk) yield chunk;
  if (loaded % every !== 0) target.onProgress?.(loaded);
}

/** Streams rows into a table with `COPY … FROM STDIN` (PostgreSQL; the embedded engine's socket does not speak COPY). */
export async function copyRows(client: pg.ClientBase, target: TableRows): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${qualified(target)} FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(csvChunks(target)), stream);
  return stream.rowCount;
}

const JSON_BATCH_ROWS = 2_000;

/**
 * Inserts rows in batches of one JSON parameter each, expanded by `json_populate_recordset` on the server:
 * the fallback where COPY is unavailable (PGlite over its socket), still one round trip per 2,000 rows.
 */
export async function insertRowsAsJson(client: pg.ClientBase, target: TableRows): Promise<number> {
  const every = target.reportEvery ?? 100_000;
  const table = `${quoteIdent(target.schema)}.${quoteIdent(target.table)}`;
  const columns = target.columns.map(quoteIdent).join(", ");
  const statement = `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`;
  let batch: Array<Record<string, unknown>> = [];
  let loaded = 0;
  const flush = async () => {
    if (batch.length) await client.query(statement, [JSON.stringify(batch)]);
    batch = [];
  };
  for (const row of target.rows) {
    const record: Record<string, unknown> = {};
    target.columns.forEach((column, i) => {
      record[column] = row[i];
    });
    batch.push(record);
    loaded++;
    if (batch.length === JSON_BATCH_ROWS) await flush();
    if (loaded % every === 0) target.onProgress?.(loaded);
  }
  await flush();
  if (loaded % every !== 0) target.onProgress?.(loaded);
  return loaded;
}
