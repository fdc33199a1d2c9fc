import type { FieldDefinition } from "../metadata/definitions.ts";
import { isStorableText } from "../text/storable-text.ts";
import { type FieldType, fail, ok, partColumn } from "./field-type.ts";
import { codePointLength } from "./text-types.ts";

const DIVISION_CODE = /^\d{6}$/;
const PARTS = ["city", "district", "detail"] as const;

const columnsOf = (field: FieldDefinition) => ({
  province: field.apiName,
  city: partColumn(field, "city"),
  district: partColumn(field, "district"),
  detail: partColumn(field, "detail"),
});

/**
 * A mainland China address: GB/T 2260 division codes for province, city and district (checked against the
 * division data shipped with Keduo) plus a free detail line. The province column is the primary column.
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
      province: { type: "string", pattern: "^\\d{6}$" },
      city: { type: ["string", "null"], pattern: "^\\d{6}$" },
      district: { type: ["string", "null"], pattern: "^\\d{6}$" },
      detail: { type: ["string", "null"], maxLength: 200 },
    },
    required: ["province"],
  }),
  toColumns(value, field, ctx) {
    const columns = columnsOf(field);
    if (value === null || value === undefined) {
      return ok({
        [columns.province]: null,
        [columns.city]: null,
        [columns.district]: null,
        [columns.detail]: null,
      });
    }
    if (typeof value !== "object" || Array.isArray(value))
      return fail("invalid_type", { expected: "address" });
    const input = value as Record<string, unknown>;
    const code = (part: unknown) => (part === undefined || part === null || part === "" ? null : part);
    const [province, city, district] = [code(input.province), code(input.city), code(input.district)];
    for (const part of [province, city, district]) {
      if (part !== null && (typeof part !== "string" || !DIVISION_CODE.test(part)))
        return fail("invalid_division");
    }
    if (typeof province !== "string") return fail("invalid_division");
    if (district && !city) return fail("invalid_division");
    if (
      !ctx.isValidDivision({ province, city: city as string | null, district: district as string | null })
    ) {
      return fail("invalid_division");
    }
    const detail = input.detail === undefined || input.detail === null ? null : input.detail;
    if (detail !== null && typeof detail !== "string") return fail("invalid_type", { expected: "text" });
    if (detail && !isStorableText(detail)) return fail("invalid_characters");
    if (detail && codePointLength(detail) > 200) return fail("too_long", { max: 200 });
    return ok({
      [columns.province]: province,
      [columns.city]: city,
      [columns.district]: district,
      [columns.detail]: detail || null,
    });
  },
  fromColumns(row, field) {
    const columns = columnsOf(field);
    if (!row[columns.province]) return null;
    return {
      province: row[columns.province],
      city: row[columns.city] ?? null,
      district: row[columns.district] ?? null,
      detail: row[columns.detail] ?? null,
    };
  },
  parseOperand: (value) =>
    typeof value === "string" && DIVISION_CODE.test(value) ? ok(value) : fail("invalid_division"),
  // `in` matches a division code at any level: {"address": {"in": ["320000"]}} finds everything in Jiangsu.
  operators: ["eq", "in", "is_empty", "is_not_empty"],
  sortable: false,
  supportsUnique: false,
  supportsIndex: true,
};
