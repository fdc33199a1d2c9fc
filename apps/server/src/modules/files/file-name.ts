import { KeduoError } from "@keduo/core";
import "./files.errors.ts";

export const MAX_FILE_NAME_LENGTH = 255;
const DEFAULT_FILE_NAME = "file";
// HTTP header values are bytes Node reads as Latin-1, so names travel percent-encoded and stay ASCII.
const PRINTABLE_ASCII_RE = /^[\x20-\x7e]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it rejects
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

function invalidName(): KeduoError {
  return new KeduoError("FILE_NAME_INVALID", { params: { max: MAX_FILE_NAME_LENGTH } });
}

/** Decodes the `X-File-Name` header (percent-encoded UTF-8, so 报价单.pdf survives); "file" when absent. */
export function decodeFileNameHeader(header: string | string[] | undefined): string {
  if (header === undefined) return DEFAULT_FILE_NAME;
  if (Array.isArray(header) || !PRINTABLE_ASCII_RE.test(header)) throw invalidName();
  let name: string;
  try {
    name = decodeURIComponent(header).trim();
  } catch {
    throw invalidName();
  }
  if (CONTROL_RE.test(name) || [...name].length > MAX_FILE_NAME_LENGTH) throw invalidName();
  return name || DEFAULT_FILE_NAME;
}

/** RFC 6266 / 8187: `attachment; filename*=UTF-8''…`, which browsers decode back to the UTF-8 name. */
export function attachmentDisposition(name: string): string {
  // encodeURIComponent leaves ' ( ) * bare, but RFC 8187 allows none of them unencoded.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}
