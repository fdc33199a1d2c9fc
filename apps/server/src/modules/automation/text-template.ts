/**
 * Texts with `{{field}}` placeholders (task subjects, notification and email bodies): the names a text uses,
 * checked when the automation is saved, and the text filled in with a record's display values.
 */
const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

export function fillTemplate(text: string, values: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values(name));
}
