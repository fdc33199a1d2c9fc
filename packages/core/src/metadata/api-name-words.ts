// Letters NFKD does not take apart, spelled as their languages transliterate them.
const LIGATURES: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ł: "l", þ: "th" };

/**
 * The lower-case a–z/0–9 words of a Latin label, never split inside a word: accents dropped (Café → cafe),
 * ß and the like spelled out (Straße → strasse), and an apostrophe joining (Customer's → customers); every other
 * character separates words.
 *
 * @example
 * apiNameWords("Customer's e-mail"); // ["customers", "e", "mail"]
 */
export function apiNameWords(label: string): string[] {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[ßæœøđłþ]/g, (letter) => LIGATURES[letter] ?? letter)
    .replace(/(\p{L})['’](\p{L})/gu, "$1$2")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Joins words with `_` while the name stays within `max` characters, so a long label is cut between words,
 * never inside one (an empty string when even the first word is too long).
 *
 * @example
 * joinApiNameWords(["annual", "revenue", "of", "the", "region"], 14); // "annual_revenue"
 */
export function joinApiNameWords(words: readonly string[], max: number): string {
  let name = "";
  for (const word of words) {
    const next = name ? `${name}_${word}` : word;
    if (next.length > max) break;
    name = next;
  }
  return name;
}
