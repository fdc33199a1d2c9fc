import type { FieldDefinition } from "@keduo/core";
import type { RestrictedModel } from "../access/index.ts";
import type { Header } from "./header-detect.ts";
import { CURRENCY_GROUP, NAME_GROUP, normalizeHeader, SYNONYM_GROUPS } from "./synonyms.ts";

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
  "department",
  "relation",
  "address",
]);

/** Fields the caller may fill by import: importable types they may edit. */
export function importableFields(model: RestrictedModel): FieldDefinition[] {
  return model.fields.filter(
    (f) => IMPORTABLE.has(f.type) && !f.readOnly && model.fieldAccess(f) === "editable",
  );
}

/** The currency code of a money field is a mapping target of its own, named like the export's column. */
export const CURRENCY_PART = "__currency";

export interface MappingTarget {
  field: FieldDefinition;
  /** `currency`: the target is the currency code of the money field, not its amount. */
  part?: "currency";
}

/** Mapping targets by name: each importable field, and `<api_name>__currency` for each money field. */
export function mappingTargets(fields: FieldDefinition[]): Map<string, MappingTarget> {
  const targets = new Map<string, MappingTarget>();
  for (const field of fields) targets.set(field.apiName, { field });
  for (const field of fields)
    if (field.type === "currency")
      targets.set(`${field.apiName}${CURRENCY_PART}`, { field, part: "currency" });
  return targets;
}

function ownNames(field: FieldDefinition): string[] {
  return [field.labels["zh-CN"], field.labels.en, field.apiName, field.apiName.replace(/_/g, " ")].map(
    normalizeHeader,
  );
}

/** The headers the export gives a money field's currency column: 年收入（币种）, Annual revenue (currency). */
function currencyNames(field: FieldDefinition): string[] {
  return [
    `${field.labels["zh-CN"]}（币种）`,
    `${field.labels.en} (currency)`,
    `${field.apiName}${CURRENCY_PART}`,
  ].map(normalizeHeader);
}

/**
 * Suggests a field per header: the mapping remembered for this object first, then the field's own labels
 * and API name, then synonym groups. Each field is suggested once (the leftmost header wins). A money
 * field's currency column is suggested by the export's header for it, or by 币种 / currency alone when the
 * object has one money field.
 */
export function suggestMapping(
  headers: Header[],
  fields: FieldDefinition[],
  displayField: string | null,
  remembered: Record<string, string | null>,
): SuggestedColumn[] {
  const byName = mappingTargets(fields);
  const exact = new Map<string, string>();
  for (const field of fields)
    for (const name of ownNames(field)) if (!exact.has(name)) exact.set(name, field.apiName);
  const money = fields.filter((f) => f.type === "currency");
  for (const field of money)
    for (const name of currencyNames(field))
      if (!exact.has(name)) exact.set(name, `${field.apiName}${CURRENCY_PART}`);
  const synonym = new Map<string, string>();
  for (const group of SYNONYM_GROUPS) {
    const owner = fields.find((f) => ownNames(f).some((n) => group.includes(n)));
    if (owner) for (const word of group) if (!synonym.has(word)) synonym.set(word, owner.apiName);
  }
  if (money.length === 1)
    for (const word of CURRENCY_GROUP)
      if (!synonym.has(word)) synonym.set(word, `${money[0]!.apiName}${CURRENCY_PART}`);
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
