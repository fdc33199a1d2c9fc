/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF (quotes doubled).
 * The file starts with a UTF-8 byte order mark: without it Excel reads UTF-8 as the system code page and
 * Chinese turns into mojibake.
 */
export const UTF8_BOM = "\uFEFF";

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(quote).join(",")}\r\n`;
}
