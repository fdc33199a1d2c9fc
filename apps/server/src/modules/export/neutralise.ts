/**
 * Formula injection ("CSV injection"): a spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@`
 * (some versions also after a leading tab, CR or the full-width forms typed with a Chinese IME). Exported
 * text must never run, whatever a user typed into a record.
 *
 * The rule, for every TEXT cell (numbers and dates are typed values and are never prefixed):
 * - CSV: a text that starts with one of FORMULA_TRIGGERS — or with `'` itself, so that the escape can be
 *   undone exactly — gets one `'` in front. `restoreCsvText` is the exact inverse (imports use it).
 * - XLSX: text is written as a string cell (never a formula cell), so it is shown and stored as typed and
 *   no prefix is needed; CR / CRLF line breaks become LF and characters that XML 1.0 cannot carry become
 *   U+FFFD.
 */
const TRIGGER_CHARS = "=+-@＝＋－＠'";

/** Whether a CSV text cell starting like this is escaped: formula starts, any C0 control or DEL, or `'`. */
function needsEscape(text: string): boolean {
  if (text.length === 0) return false;
  const first = text.charCodeAt(0);
  return first < 0x20 || first === 0x7f || TRIGGER_CHARS.includes(text[0]!);
}

export function neutraliseCsvText(text: string): string {
  return needsEscape(text) ? `'${text}` : text;
}

/** The inverse of neutraliseCsvText: drops the one `'` the export added, leaves every other text alone. */
export function restoreCsvText(text: string): string {
  return text.startsWith("'") && needsEscape(text.slice(1)) ? text.slice(1) : text;
}

// What XML 1.0 carries as is: tab, LF and U+0020…U+FFFD minus the surrogates (pairs are checked below).
const XML_PLAIN = /^[\t\n\u0020-\uD7FF\uE000-\uFFFD]*$/;

const xmlIllegal = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
  code === 0xfffe ||
  code === 0xffff ||
  (code >= 0xd800 && code <= 0xdfff);

/** XML parsers turn a raw CR into LF, so line breaks are written as LF; illegal characters become U+FFFD. */
export function xlsxSafeText(text: string): string {
  const normalised = text.replace(/\r\n?/g, "\n");
  if (XML_PLAIN.test(normalised)) return normalised;
  let safe = "";
  // Iterating by code point keeps surrogate pairs (emoji) together; a lone surrogate stays alone.
  for (const char of normalised) safe += xmlIllegal(char.codePointAt(0)!) ? "\uFFFD" : char;
  return safe;
}
