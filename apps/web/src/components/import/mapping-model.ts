import type { DuplicatePolicy, ImportInspection, ImportSettingsBody } from "../../api/imports.queries.ts";

/** The wizard's mapping choice: column letter → field API name ("" = don't import). */
export interface MappingDraft {
  columns: Record<string, string>;
  /** Relation columns: the target field the text is looked up by (absent = the target's display field). */
  lookups: Record<string, string>;
  duplicates: DuplicatePolicy;
  matchFields: string[];
}

/**
 * The draft a sheet starts from: the settings already sent for it (back from the check step, or after a
 * reload), else the server's suggestions; duplicates are skipped by the display field when it is mapped,
 * since a CRM import usually meets customers that already exist.
 */
export function initialDraft(
  inspection: ImportInspection,
  saved: ImportSettingsBody | null,
  displayField: string | null,
): MappingDraft {
  if (saved && saved.sheet === inspection.sheet) {
    const columns = Object.fromEntries(inspection.headers.map((h) => [h.letter, ""]));
    const lookups: Record<string, string> = {};
    for (const m of saved.mapping) {
      columns[m.column] = m.field;
      if (m.lookup) lookups[m.column] = m.lookup;
    }
    return { columns, lookups, duplicates: saved.duplicates, matchFields: saved.match_fields };
  }
  const columns = Object.fromEntries(inspection.suggestions.map((s) => [s.column, s.field ?? ""]));
  const mapped = new Set(Object.values(columns));
  const byName = displayField && mapped.has(displayField);
  return {
    columns,
    lookups: {},
    duplicates: byName ? "skip" : "create",
    matchFields: byName ? [displayField] : [],
  };
}

export function settingsOf(inspection: ImportInspection, draft: MappingDraft): ImportSettingsBody {
  const mapping = inspection.headers
    .filter((h) => draft.columns[h.letter])
    .map((h) => {
      const lookup = draft.lookups[h.letter];
      return { column: h.letter, field: draft.columns[h.letter]!, ...(lookup ? { lookup } : {}) };
    });
  const mapped = new Set(mapping.map((m) => m.field));
  return {
    sheet: inspection.sheet,
    header_row: inspection.header_row,
    mapping,
    duplicates: draft.duplicates,
    match_fields: draft.duplicates === "create" ? [] : draft.matchFields.filter((f) => mapped.has(f)),
  };
}

/** What keeps the draft from being checked: nothing mapped, a required field left out, no match fields. */
export function draftProblems(
  inspection: ImportInspection,
  draft: MappingDraft,
): { nothingMapped: boolean; missingRequired: string[]; needsMatch: boolean } {
  const settings = settingsOf(inspection, draft);
  const mapped = new Set(settings.mapping.map((m) => m.field));
  return {
    nothingMapped: settings.mapping.length === 0,
    missingRequired: inspection.fields
      .filter((f) => f.required && !mapped.has(f.api_name))
      .map((f) => f.api_name),
    needsMatch: draft.duplicates !== "create" && settings.match_fields.length === 0,
  };
}
