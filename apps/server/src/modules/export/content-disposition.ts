/**
 * `attachment` with the name twice (RFC 6266): `filename*` in RFC 5987 form (UTF-8, percent-encoded) for the
 * real name such as 客户-2026-11-25.xlsx, and a plain ASCII `filename` for the few clients that ignore it.
 */
export function contentDisposition(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

// Characters no file system or header takes: path separators, quotes, controls and the Windows set.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among those replaced.
const UNSAFE = /[\u0000-\u001F\u007F"*/:<>?\\|]/g;

/** The download's name: `<label>-<date>.<ext>`, and an ASCII one from the API name when the label is not. */
export function exportFileNames(
  label: string,
  apiName: string,
  date: string,
  extension: string,
): { filename: string; ascii: string } {
  const safe = label.replace(UNSAFE, "_").trim() || apiName;
  const asciiBase = /^[\x20-\x7E]+$/.test(safe) ? safe : apiName;
  return { filename: `${safe}-${date}.${extension}`, ascii: `${asciiBase}-${date}.${extension}` };
}
