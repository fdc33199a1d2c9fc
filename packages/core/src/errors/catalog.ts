import type { ErrorDefinition } from "./keduo-error.ts";

const catalog = new Map<string, ErrorDefinition>();

/** Modules declare their error codes once; the HTTP error handler looks them up here. */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(definitions: T): T {
  for (const [code, definition] of Object.entries(definitions)) {
    if (catalog.has(code)) throw new Error(`error code ${code} is defined twice`);
    catalog.set(code, definition);
  }
  return definitions;
}

export function findErrorDefinition(code: string): ErrorDefinition | undefined {
  return catalog.get(code);
}

export function listErrorDefinitions(): Array<[string, ErrorDefinition]> {
  return [...catalog.entries()].sort(([a], [b]) => a.localeCompare(b));
}
