/**
 * Text PostgreSQL can store: no NUL character (`text` and `jsonb` cannot hold U+0000) and no lone UTF-16
 * surrogate (it has no UTF-8 form: the driver would turn it into U+FFFD, or `jsonb` refuses its escape).
 * Every text that reaches the database from a client must pass this; input that fails is refused with the
 * field issue `invalid_characters`, never stored altered.
 */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/** The same text with every NUL removed and every lone surrogate replaced by U+FFFD. */
export function toStorableText(text: string): string {
  return isStorableText(text) ? text : text.replaceAll("\u0000", "").toWellFormed();
}

// Only what JSON.parse and query-string parsers build: never a Buffer, a stream or a class instance.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Paths (`labels.zh-CN`, `records.3.name`) of every string or object key in a parsed JSON value that is not
 * storable text, at most `limit` of them. A key that is itself unstorable is named in its storable form.
 * Only strings, arrays and plain objects are looked into, with an explicit stack: a deeply nested body must
 * not overflow the call stack.
 * @example unstorableTextPaths({ name: "a\u0000b", tags: ["ok", "\ud800"] }) // ["name", "tags.1"]
 */
export function unstorableTextPaths(value: unknown, prefix = "", limit = 20): string[] {
  // Almost every body is storable: looking first without naming paths spares a string per value (a
  // 1,000-record bulk body has over 10,000) — most of this check's time and garbage.
  if (!holdsUnstorableText(value)) return [];
  const found: string[] = [];
  const stack: Array<[unknown, string]> = [[value, prefix]];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length > 0 && found.length < limit) {
    const [item, path] = stack.pop()!;
    if (typeof item === "string") {
      if (!isStorableText(item)) found.push(path);
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], join(path, String(i))]);
    } else if (isPlainObject(item)) {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        // An unstorable key is reported in its place (as the string it is), its value left unread.
        if (!isStorableText(key)) stack.push([key, join(path, toStorableText(key))]);
        else stack.push([child, join(path, key)]);
      }
    }
  }
  return found.slice(0, limit);
}

/** Whether any string or object key in a parsed JSON value is not storable text (as above, without paths). */
function holdsUnstorableText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (!isStorableText(item)) return true;
    } else if (Array.isArray(item)) {
      for (const child of item) stack.push(child);
    } else if (isPlainObject(item)) {
      for (const key in item) {
        if (!isStorableText(key)) return true;
        stack.push(item[key]);
      }
    }
  }
  return false;
}
