import { createInflateRaw } from "node:zlib";
import { KeduoError } from "@keduo/core";
import type { ImportLimits } from "../../import-limits.ts";

/** A worksheet as the workbook lists it, with the merged ranges found in its XML (A1:C1 …). */
export interface WorkbookSheet {
  name: string;
  path: string;
  merges: string[];
}

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const malformed = (reason: string) => new KeduoError("IMPORT_MALFORMED", { params: { reason } });
const bomb = (reason: string) => new KeduoError("IMPORT_ZIP_BOMB", { params: { reason } });

/** Reads the central directory: names and the sizes the archive declares, before anything is inflated. */
export function centralDirectory(bytes: Buffer, limits: Pick<ImportLimits, "maxZipEntries">): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw malformed("no zip directory");
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw malformed("zip64 archives are not supported");
  if (count > limits.maxZipEntries) throw bomb(`${count} entries`);
  if (offset + size > bytes.length) throw malformed("zip directory out of bounds");
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) throw malformed("broken zip directory");
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    entries.push({
      method: bytes.readUInt16LE(p + 10),
      crc32: bytes.readUInt32LE(p + 16),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
      name: bytes.toString("utf8", p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function checkDeclaredSizes(entries: ZipEntry[], limits: ImportLimits) {
  let total = 0;
  for (const entry of entries) {
    total += entry.size;
    // Small entries compress unpredictably (a 2 KiB run of spaces); only big ones can hurt.
    if (entry.size > 1024 * 1024 && entry.size > entry.compressedSize * limits.maxCompressionRatio)
      throw bomb(`${entry.name} expands ${Math.round(entry.size / Math.max(1, entry.compressedSize))}×`);
  }
  if (total > limits.maxUncompressedBytes) throw bomb(`${total} bytes uncompressed`);
}

function entryData(bytes: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== LOCAL) throw malformed(`broken entry ${entry.name}`);
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  if (start + entry.compressedSize > bytes.length) throw malformed(`truncated entry ${entry.name}`);
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * Inflates one entry while counting: more bytes than declared is a lie (a bomb hiding behind small
 * headers) and stops at once. `onText` sees the text as it streams (for merges); `keep` returns it.
 */
async function inflateChecked(
  bytes: Buffer,
  entry: ZipEntry,
  onText?: (text: string) => void,
): Promise<void> {
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw malformed(`entry ${entry.name} has a wrong size`);
    onText?.(data.toString("utf8"));
    return;
  }
  if (entry.method !== 8) throw malformed(`unsupported compression in ${entry.name}`);
  await new Promise<void>((resolve, reject) => {
    const inflate = createInflateRaw();
    let produced = 0;
    let failed = false;
    inflate.on("data", (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > entry.size && !failed) {
        failed = true;
        inflate.destroy();
        reject(bomb(`${entry.name} inflates beyond its declared ${entry.size} bytes`));
        return;
      }
      onText?.(chunk.toString("latin1"));
    });
    inflate.on("error", () => {
      if (!failed) reject(malformed(`entry ${entry.name} is corrupt`));
      failed = true;
    });
    inflate.on("end", () => {
      if (failed) return;
      if (produced !== entry.size) reject(malformed(`entry ${entry.name} has a wrong size`));
      else resolve();
    });
    inflate.end(data);
  });
}

const MERGE = /<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"/g;

/** Collects merged ranges from a streamed sheet, across chunk boundaries. */
function mergeScanner() {
  const merges: string[] = [];
  let carry = "";
  return {
    merges,
    push(text: string) {
      const window = carry + text;
      let last = 0;
      for (const match of window.matchAll(MERGE)) {
        merges.push(match[1]!);
        last = match.index + match[0].length;
      }
      carry = window.slice(Math.max(last, window.length - 64));
    },
  };
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) found.set(m[1]!, m[2]!);
  return found;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/**
 * Checks a workbook before exceljs sees it: the directory's declared sizes and ratios, then every entry
 * inflated with a counter so no entry can produce more than it declared. Returns the sheets in workbook
 * order with their merged ranges (exceljs's streaming reader ignores merges; header detection needs them).
 */
export async function inspectWorkbookZip(bytes: Buffer, limits: ImportLimits): Promise<WorkbookSheet[]> {
  const entries = centralDirectory(bytes, limits);
  checkDeclaredSizes(entries, limits);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbook = byName.get("xl/workbook.xml");
  const rels = byName.get("xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) throw malformed("not an Excel workbook (no xl/workbook.xml)");
  const texts = new Map<string, string>();
  const merges = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue;
    if (entry === workbook || entry === rels) {
      let text = "";
      await inflateChecked(bytes, entry, (chunk) => {
        text += chunk;
      });
      texts.set(entry.name, Buffer.from(text, "latin1").toString("utf8"));
    } else if (/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name)) {
      const scanner = mergeScanner();
      await inflateChecked(bytes, entry, (chunk) => scanner.push(chunk));
      merges.set(entry.name, scanner.merges);
    } else {
      await inflateChecked(bytes, entry);
    }
  }
  const targets = new Map<string, string>();
  for (const m of texts.get(rels.name)!.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const target = a.get("Target") ?? "";
    targets.set(a.get("Id") ?? "", target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const sheets: WorkbookSheet[] = [];
  for (const m of texts.get(workbook.name)!.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const path = targets.get(a.get("r:id") ?? "") ?? "";
    if (!byName.has(path)) continue;
    sheets.push({ name: unescapeXml(a.get("name") ?? ""), path, merges: merges.get(path) ?? [] });
  }
  if (sheets.length === 0) throw malformed("the workbook has no worksheets");
  return sheets;
}
