import { createHash } from "node:crypto";
import { once } from "node:events";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { formatCount, progress } from "../lib/progress.ts";
import { createRng, seedFrom } from "../lib/random.ts";
import { type Cell, importColumns } from "./columns.ts";

export interface ImportFile {
  path: string;
  name: string;
  rows: number;
  bytes: number;
}

/** Bump when the generated content changes in a way the sources do not show. */
const FILE_VERSION = 1;

/** Where generated files live between runs: like the database templates, keyed by what they depend on. */
function cachePath(format: "xlsx" | "csv", rows: number): string {
  const hash = createHash("sha256").update(`v${FILE_VERSION}\u0000${format}\u0000${rows}\u0000`);
  for (const file of ["columns.ts", "files.ts"]) hash.update(readFileSync(new URL(file, import.meta.url)));
  const dir = join(tmpdir(), "keduo-bench-import");
  mkdirSync(dir, { recursive: true });
  return join(dir, `customers_${rows}_${hash.digest("hex").slice(0, 10)}.${format}`);
}

/** Rows of the file: deterministic, so a cached file and a fresh one are the same. */
function* generateRows(rows: number, dateCells: boolean): Generator<Cell[]> {
  const columns = importColumns(dateCells);
  const rng = createRng(seedFrom("import", rows));
  for (let i = 0; i < rows; i++) yield columns.map((c) => c.value(rng, i));
}

async function writeXlsx(path: string, rows: number): Promise<void> {
  // The streaming writer commits each row as it goes: memory stays flat for any row count.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet("客户");
  sheet.addRow(importColumns(true).map((c) => c.header)).commit();
  for (const row of generateRows(rows, true)) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}

const csvCell = (cell: Cell) => {
  const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(
    `${importColumns(false)
      .map((c) => c.header)
      .join(",")}\r\n`,
  );
  let chunk: string[] = [];
  for (const row of generateRows(rows, false)) {
    chunk.push(row.map(csvCell).join(","));
    if (chunk.length === 1000) {
      await write(`${chunk.join("\r\n")}\r\n`);
      chunk = [];
    }
  }
  if (chunk.length) await write(`${chunk.join("\r\n")}\r\n`);
  out.end();
  await once(out, "finish");
}

/** The generated file, from the cache when an identical one was made before (`rebuild` makes it again). */
export async function importFile(
  format: "xlsx" | "csv",
  rows: number,
  rebuild: boolean,
): Promise<ImportFile> {
  const path = cachePath(format, rows);
  const name = `客户导入_${rows}.${format}`;
  if (existsSync(path) && !rebuild) {
    progress("files", `using cached ${path}`);
  } else {
    progress("files", `generating ${formatCount(rows)}-row .${format} → ${path}`);
    const started = performance.now();
    const partial = `${path}.partial`;
    rmSync(partial, { force: true });
    await (format === "xlsx" ? writeXlsx(partial, rows) : writeCsv(partial, rows));
    renameSync(partial, path);
    progress("files", `generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return { path, name, rows, bytes: statSync(path).size };
}
