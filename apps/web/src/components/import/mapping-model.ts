import type {
  AmountUnit,
  DuplicatePolicy,
  ImportInspection,
  ImportSettingsBody,
} from "../../api/imports.queries.ts";

/** The wizard's mapping choice: column letter → field API name ("" = don't import). */
export interface MappingDraft {
  columns: Record<string, string>;
  /** Relation columns: the target field the text is looked up by (absent = the target's display field). */
  lookups: Record<string, string>;
  /** Number and money columns: the unit of plain numbers (from the header unless the user changed it). */
  units: Record<string, AmountUnit>;
  /** Value mapping per column: cell text → option value / id, or null for "leave empty". */
  values: Record<string, Record<string, string | null>>;
  duplicates: DuplicatePolicy;
  matchFields: string[];
}

/** Field types whose cells the user can map value by value. */
export const VALUE_MAPPED = new Set(["single_select", "multi_select", "user", "relation", "department"]);
export const AMOUNT_TYPES = new Set(["number", "currency"]);

/** The units the headers announce, by column. */
function headerUnits(inspection: ImportInspection): Record<string, AmountUnit> {
  const units: Record<string, AmountUnit> = {};
  for (const s of inspection.suggestions) if (s.unit) units[s.column] = s.unit;
  return units;
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
    const units = headerUnits(inspection);
    const values: MappingDraft["values"] = {};
    for (const m of saved.mapping) {
      columns[m.column] = m.field;
      if (m.lookup) lookups[m.column] = m.lookup;
      if (m.unit) units[m.column] = m.unit;
      if (m.values) values[m.column] = Object.fromEntries(m.values.map((v) => [v.from, v.to]));
    }
    return { columns, lookups, units, values, duplicates: saved.duplicates, matchFields: saved.match_fields };
  }
  const columns = Object.fromEntries(inspection.suggestions.map((s) => [s.column, s.field ?? ""]));
  const mapped = new Set(Object.values(columns));
  const byName = displayField && mapped.has(displayField);
  return {
    columns,
    lookups: {},
    units: headerUnits(inspection),
    values: {},
    duplicates: byName ? "skip" : "create",
    matchFields: byName ? [displayField] : [],
  };
}

export function settingsOf(inspection: ImportInspection, draft: MappingDraft): ImportSettingsBody {
  const types = new Map(inspection.fields.map((f) => [f.api_name, f.type]));
  const mapping = inspection.headers
    .filter((h) => draft.columns[h.letter])
    .map((h) => {
      const field = draft.columns[h.letter]!;
      const type = types.get(field) ?? "";
      const lookup = draft.lookups[h.letter];
      const unit = AMOUNT_TYPES.has(type) ? (draft.units[h.letter] ?? "one") : undefined;
      const chosen = VALUE_MAPPED.has(type) ? Object.entries(draft.values[h.letter] ?? {}) : [];
      return {
        column: h.letter,
        field,
        ...(lookup ? { lookup } : {}),
        ...(unit ? { unit } : {}),
        ...(chosen.length ? { values: chosen.map(([from, to]) => ({ from, to })) } : {}),
      };
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
