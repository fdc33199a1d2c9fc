import type { FieldDefinition } from "@keduo/core";
import type { RestrictedModel } from "../records/index.ts";
import type { Header } from "./header-detect.ts";
import { NAME_GROUP, normalizeHeader, SYNONYM_GROUPS } from "./synonyms.ts";

export type MappingSource = "remembered" | "label" | "synonym";

export interface SuggestedColumn {
  column: string;
  header: string;
  field: string | null;
  source: MappingSource | null;
}

/** Field types an import can fill from a cell; the rest (formulas, files, auto numbers …) are skipped. */
const IMPORTABLE = new Set<FieldDefinition["type"]>([
  "text",
  "long_text",
  "rich_text",
  "number",
  "currency",
  "percent",
  "date",
  "datetime",
  "boolean",
  "single_select",
  "multi_select",
  "email",
  "phone",
  "url",
  "user",
  "relation",
]);

/** Fields the caller may fill by import: importable types they may edit. */
export function importableFields(model: RestrictedModel): FieldDefinition[] {
  return model.fields.filter(
    (f) => IMPORTABLE.has(f.type) && !f.readOnly && model.fieldAccess(f) === "editable",
  );
}

function ownNames(field: FieldDefinition): string[] {
  return [field.labels["zh-CN"], field.labels.en, field.apiName, field.apiName.replace(/_/g, " ")].map(
    normalizeHeader,
  );
}

/**
 * Suggests a field per header: the mapping remembered for this object first, then the field's own labels
 * and API name, then synonym groups. Each field is suggested once (the leftmost header wins).
 */
export function suggestMapping(
  headers: Header[],
  fields: FieldDefinition[],
  displayField: string | null,
  remembered: Record<string, string | null>,
): SuggestedColumn[] {
  const byName = new Map(fields.map((f) => [f.apiName, f]));
  const exact = new Map<string, string>();
  for (const field of fields)
    for (const name of ownNames(field)) if (!exact.has(name)) exact.set(name, field.apiName);
  const synonym = new Map<string, string>();
  for (const group of SYNONYM_GROUPS) {
    const owner = fields.find((f) => ownNames(f).some((n) => group.includes(n)));
    if (owner) for (const word of group) if (!synonym.has(word)) synonym.set(word, owner.apiName);
  }
  const display = displayField && byName.has(displayField) ? displayField : null;
  const used = new Set<string>();
  return headers.map((header) => {
    const key = normalizeHeader(header.name);
    const candidates: Array<[string | null | undefined, MappingSource]> = [
      [key in remembered ? remembered[key] : undefined, "remembered"],
      [exact.get(key), "label"],
      [synonym.get(key) ?? (display && NAME_GROUP.includes(key) ? display : undefined), "synonym"],
    ];
    for (const [field, source] of candidates) {
      if (field === null && source === "remembered") break; // the user chose to skip this column before
      if (field && byName.has(field) && !used.has(field)) {
        used.add(field);
        return { column: header.letter, header: header.name, field, source };
      }
    }
    return { column: header.letter, header: header.name, field: null, source: null };
  });
}
