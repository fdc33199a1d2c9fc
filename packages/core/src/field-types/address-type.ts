import type { FieldDefinition } from "../metadata/definitions.ts";
import { isStorableText } from "../text/storable-text.ts";
import { CHINA_REGION_DIVISIONS, isOverseasCountry } from "./countries.ts";
import { type FieldType, fail, ok, type Parsed, partColumn } from "./field-type.ts";
import { codePointLength } from "./text-types.ts";

const DIVISION_CODE = /^\d{6}$/;
// Towns (镇, 街道) carry nine digits; they take the district's place under cities without districts (东莞, 中山).
const DISTRICT_CODE = /^\d{6}(?:\d{3})?$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;
const PARTS = ["city", "district", "detail"] as const;
const DETAIL_MAX = 200;

const columnsOf = (field: FieldDefinition) => ({
  province: field.apiName,
  city: partColumn(field, "city"),
  district: partColumn(field, "district"),
  detail: partColumn(field, "detail"),
});

const blank = (part: unknown) => part === undefined || part === null || part === "";

function parseDetail(value: unknown): Parsed<string | null> {
  if (blank(value)) return ok(null);
  if (typeof value !== "string") return fail("invalid_type", { expected: "text" });
  if (!isStorableText(value)) return fail("invalid_characters");
  if (codePointLength(value) > DETAIL_MAX) return fail("too_long", { max: DETAIL_MAX });
  return ok(value === "" ? null : value);
}

/** `jp` and `JP` are Japan; null when the value names no country at all. */
const countryOf = (value: unknown) =>
  typeof value === "string" && value.trim() !== "" ? value.trim().toUpperCase() : null;

/**
 * An address in China: GB/T 2260 division codes for province, city and district (a nine-digit town code in
 * the district's place where a city has no districts), checked against the division data shipped with Keduo,
 * plus a free detail line. Hong Kong, Macau and Taiwan are provinces with a detail line.
 *
 * An address abroad is `{ country, detail }`: an ISO 3166-1 code and the lines as typed. It is kept in the
 * same columns, the country in the province column, where six digits mean China (ADR 0029).
 *
 * @example
 * const shenzhen = { province: "440000", city: "440300", district: "440305", detail: "科技园1号" };
 * const changan = { province: "440000", city: "441900", district: "441900119", detail: null };
 * const tokyo = { country: "JP", detail: "東京都千代田区丸の内1-1" };
 */
export const addressType: FieldType = {
  name: "address",
  label: { "zh-CN": "地址", en: "Address" },
  resolveConfig: () => ({}),
  columns: (field) => [
    { name: field.apiName, sqlType: "text" },
    ...PARTS.map((part) => ({ name: partColumn(field, part), sqlType: "text" })),
  ],
  jsonSchema: () => ({
    type: ["object", "null"],
    properties: {
      country: { type: ["string", "null"], pattern: "^[A-Za-z]{2}$" },
      province: { type: ["string", "null"], pattern: "^\\d{6}$" },
      city: { type: ["string", "null"], pattern: "^\\d{6}$" },
      district: { type: ["string", "null"], pattern: "^\\d{6}(\\d{3})?$" },
      detail: { type: ["string", "null"], maxLength: DETAIL_MAX },
    },
    anyOf: [{ required: ["province"] }, { required: ["country"] }],
  }),
  toColumns(value, field, ctx) {
    const columns = columnsOf(field);
    const stored = (province: string | null, city: unknown, district: unknown, detail: string | null) =>
      ok({
        [columns.province]: province,
        [columns.city]: city,
        [columns.district]: district,
        [columns.detail]: detail,
      });
    if (value === null || value === undefined) return stored(null, null, null, null);
    if (typeof value !== "object" || Array.isArray(value))
      return fail("invalid_type", { expected: "address" });
    const input = value as Record<string, unknown>;
    const detail = parseDetail(input.detail);
    if (!detail.ok) return detail;
    const [province, city, district] = [input.province, input.city, input.district].map((p) =>
      blank(p) ? null : p,
    );

    const country = countryOf(input.country);
    if (country !== null && country !== "CN") {
      const region = CHINA_REGION_DIVISIONS[country];
      if (!region && !isOverseasCountry(country)) return fail("invalid_country", { value: country });
      if (city !== null || district !== null || (province !== null && province !== region))
        return fail("address_overseas_division");
      if (region) return stored(region, null, null, detail.value);
      if (detail.value === null) return fail("address_lines_required");
      return stored(country, null, null, detail.value);
    }

    if (province === null) return fail(country === "CN" ? "invalid_division" : "address_incomplete");
    if (
      typeof province !== "string" ||
      !DIVISION_CODE.test(province) ||
      (city !== null && (typeof city !== "string" || !DIVISION_CODE.test(city))) ||
      (district !== null && (typeof district !== "string" || !DISTRICT_CODE.test(district))) ||
      (district !== null && city === null) ||
      !ctx.isValidDivision({ province, city: city as string | null, district: district as string | null })
    )
      return fail("invalid_division");
    return stored(province, city, district, detail.value);
  },
  fromColumns(row, field) {
    const columns = columnsOf(field);
    const primary = row[columns.province];
    if (!primary) return null;
    if (typeof primary === "string" && COUNTRY_CODE.test(primary))
      return { country: primary, detail: row[columns.detail] ?? null };
    return {
      province: primary,
      city: row[columns.city] ?? null,
      district: row[columns.district] ?? null,
      detail: row[columns.detail] ?? null,
    };
  },
  parseOperand: (value) => {
    if (typeof value !== "string") return fail("invalid_division");
    if (DISTRICT_CODE.test(value)) return ok(value);
    const country = value.toUpperCase();
    const region = CHINA_REGION_DIVISIONS[country];
    if (region) return ok(region);
    if (isOverseasCountry(country)) return ok(country);
    return fail(country === "CN" ? "address_filter_china" : "invalid_division");
  },
  // `in` matches a division code at any level: {"address": {"in": ["320000"]}} finds everything in Jiangsu;
  // a country code finds the addresses abroad there ({"address": {"eq": "JP"}}).
  operators: ["eq", "in", "is_empty", "is_not_empty"],
  sortable: false,
  supportsUnique: false,
  supportsIndex: true,
};
