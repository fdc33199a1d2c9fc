import { centralDirectory, type ZipEntry } from "./zip-guard.ts";

const LOCAL_HEADER = 30;
const FLAG_DATA_DESCRIPTOR = 0x8;

/** Entries exceljs's streaming reader must have seen before the first worksheet, in this order. */
const FIRST = [
  "_rels/.rels",
  "xl/_rels/workbook.xml.rels",
  "xl/workbook.xml",
  "xl/sharedStrings.xml",
  "xl/styles.xml",
];
const WORKSHEET = /^xl\/worksheets\/(_rels\/)?sheet\d+\.xml(\.rels)?$/;

/**
 * A checked workbook rewritten for exceljs's streaming reader (which unzips with unzipper's forward-only
 * `Parse`): the workbook, its relations, shared strings and styles first, then the worksheets, then the
 * rest; every local header carries its entry's sizes and CRC (from the central directory) instead of
 * announcing a data descriptor after the data.
 *
 * Why: writers such as exceljs put `xl/workbook.xml` after the worksheets and end entries with data
 * descriptors. The reader then copies each worksheet to a temp file until the workbook has been read — a
 * copy of the customer data left in the temp directory whenever a read stops early (inspect reads only the
 * first rows) — and finds where each entry ends by scanning for a signature. Both paths also sit under an
 * intermittent "Cannot read properties of undefined (reading 'sheets')" on a valid workbook in the full
 * test run, which we could not reproduce alone. In this order with known sizes, every worksheet streams
 * straight into the parser and neither path is taken.
 * The central directory is copied unchanged: the forward-only reader stops at it and reads no offset.
 */
export function forStreamingReader(bytes: Buffer): Buffer {
  const entries = centralDirectory(bytes, { maxZipEntries: Number.MAX_SAFE_INTEGER });
  const rank = (entry: ZipEntry) => {
    const first = FIRST.indexOf(entry.name);
    return first >= 0 ? first : WORKSHEET.test(entry.name) ? FIRST.length : FIRST.length + 1;
  };
  const ordered = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => rank(a.entry) - rank(b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
  const parts = ordered.map((entry) => localRecord(bytes, entry));
  parts.push(bytes.subarray(directoryOffset(bytes)));
  return Buffer.concat(parts);
}

/** One entry's local header (sizes and CRC filled in, no data descriptor flag), name, extra field and data. */
function localRecord(bytes: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localOffset;
  const nameAndExtra = bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const header = Buffer.from(bytes.subarray(p, p + LOCAL_HEADER + nameAndExtra));
  header.writeUInt16LE(header.readUInt16LE(6) & ~FLAG_DATA_DESCRIPTOR, 6);
  header.writeUInt32LE(entry.crc32, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.size, 22);
  const dataStart = p + LOCAL_HEADER + nameAndExtra;
  return Buffer.concat([header, bytes.subarray(dataStart, dataStart + entry.compressedSize)]);
}

/** Where the central directory starts, from the end-of-directory record (centralDirectory found it). */
function directoryOffset(bytes: Buffer): number {
  for (let i = bytes.length - 22; i >= 0; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) return bytes.readUInt32LE(i + 16);
  }
  return bytes.length;
}
