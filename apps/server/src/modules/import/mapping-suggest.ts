import type { FieldDefinition } from "@keduo/core";
import type { RestrictedModel } from "../access/index.ts";
import { type AmountUnit, detectHeaderUnit } from "./amount-units.ts";
import type { Header } from "./header-detect.ts";
import {
  ADDRESS_PART_GROUPS,
  bareHeader,
  CURRENCY_GROUP,
  NAME_GROUP,
  normalizeHeader,
  SYNONYM_GROUPS,
} from "./synonyms.ts";

export type MappingSource = "remembered" | "label" | "synonym";

export interface SuggestedColumn {
  column: string;
  header: string;
  field: string | null;
  source: MappingSource | null;
  /** The unit the header announces (年采购额(万元) → ten_thousand), for number and money fields. */
  unit?: AmountUnit;
  /** The header's own words for the unit (万元), shown beside it. */
  unit_text?: string;
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

/** The parts of an address field a column can feed on its own: `<api_name>__province` and so on. */
export const ADDRESS_PARTS = ["province", "city", "district", "street"] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];
export type TargetPart = "currency" | AddressPart;

export interface MappingTarget {
  field: FieldDefinition;
  /** `currency`: the currency code of the money field, not its amount; an address part: that part. */
  part?: TargetPart;
}

export const partTarget = (field: FieldDefinition, part: TargetPart) => `${field.apiName}__${part}`;

/**
 * Mapping targets by name: each importable field, `<api_name>__currency` for each money field and
 * `<api_name>__province|city|district|street` for each address field.
 */
export function mappingTargets(fields: FieldDefinition[]): Map<string, MappingTarget> {
  const targets = new Map<string, MappingTarget>();
  for (const field of fields) targets.set(field.apiName, { field });
  for (const field of fields) {
    if (field.type === "currency") targets.set(partTarget(field, "currency"), { field, part: "currency" });
    if (field.type === "address")
      for (const part of ADDRESS_PARTS) targets.set(partTarget(field, part), { field, part });
  }
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

/** Groups whose words name a kind of field: the object's only field of that type owns them. */
const TYPE_OF_GROUP: Record<string, FieldDefinition["type"]> = {
  address: "address",
  phone: "phone",
  email: "email",
  url: "url",
};

/** Header word → target: the object's own field named in a synonym group, else its only field of the type. */
function synonymTargets(fields: FieldDefinition[]): Map<string, string> {
  const synonym = new Map<string, string>();
  const onlyOf = (type: FieldDefinition["type"]) => {
    const typed = fields.filter((f) => f.type === type);
    return typed.length === 1 ? typed[0] : undefined;
  };
  for (const group of SYNONYM_GROUPS) {
    const type = group.map((w) => TYPE_OF_GROUP[w]).find(Boolean);
    const owner = fields.find((f) => ownNames(f).some((n) => group.includes(n))) ?? (type && onlyOf(type));
    if (owner) for (const word of group) if (!synonym.has(word)) synonym.set(word, owner.apiName);
  }
  const address = onlyOf("address");
  if (address)
    for (const part of ADDRESS_PARTS)
      for (const word of ADDRESS_PART_GROUPS[part]) {
        const key = normalizeHeader(word);
        // a field of the object named 城市 itself keeps the word; otherwise it is the address's part
        if (!synonym.has(key) || fields.find((f) => f.apiName === synonym.get(key))?.type === "address")
          synonym.set(key, partTarget(address, part));
      }
  const money = fields.filter((f) => f.type === "currency");
  if (money.length === 1)
    for (const word of CURRENCY_GROUP)
      if (!synonym.has(word)) synonym.set(word, partTarget(money[0]!, "currency"));
  return synonym;
}

/**
 * Suggests a field per header: the mapping remembered for this object first, then the field's own labels
 * and API name, then synonym groups — each tried on the header as written, then without its unit and
 * bracketed notes (年采购额(万元) → 年采购额). Each target is suggested once (the leftmost header wins). A
 * money field's currency column is suggested by the export's header for it, or by 币种 / currency alone
 * when the object has one money field; 省份 / 城市 / 区县 / 街道 feed the parts of the only address field.
 * A header that announces a unit (万元, $k) carries it for the mapping screen.
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
  for (const field of fields.filter((f) => f.type === "currency"))
    for (const name of currencyNames(field))
      if (!exact.has(name)) exact.set(name, partTarget(field, "currency"));
  const synonym = synonymTargets(fields);
  const display = displayField && byName.has(displayField) ? displayField : null;
  const named = (key: string) =>
    synonym.get(key) ?? (display && NAME_GROUP.includes(key) ? display : undefined);
  const used = new Set<string>();
  return headers.map((header) => {
    const key = normalizeHeader(header.name);
    const bare = bareHeader(header.name);
    const detected = detectHeaderUnit(header.name);
    const unit = detected ? { unit: detected.unit, unit_text: detected.text } : {};
    const candidates: Array<[string | null | undefined, MappingSource]> = [
      [key in remembered ? remembered[key] : undefined, "remembered"],
      [exact.get(key), "label"],
      [exact.get(bare), "label"],
      [named(key), "synonym"],
      [named(bare), "synonym"],
    ];
    for (const [field, source] of candidates) {
      if (field === null && source === "remembered") break; // the user chose to skip this column before
      if (field && byName.has(field) && !used.has(field)) {
        used.add(field);
        return { column: header.letter, header: header.name, field, source, ...unit };
      }
    }
    return { column: header.letter, header: header.name, field: null, source: null, ...unit };
  });
}
