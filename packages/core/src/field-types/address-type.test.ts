import { describe, expect, it } from "vitest";
import { fieldDefinitionFixture } from "../metadata/field-definition-fixture.ts";
import { addressType } from "./address-type.ts";
import { countryName, isOverseasCountry, OVERSEAS_COUNTRIES } from "./countries.ts";
import type { FieldTypeContext } from "./field-type.ts";

// The divisions a test needs: 江苏省苏州市, 广东省东莞市 with its town 长安镇, and 香港 without cities.
const KNOWN = new Map<string, string | null>([
  ["320000", null],
  ["320500", "320000"],
  ["440000", null],
  ["441900", "440000"],
  ["441900119", "441900"],
  ["810000", null],
]);
const ctx: FieldTypeContext = {
  sanitizeHtml: (html) => html,
  isValidDivision: ({ province, city, district }) =>
    KNOWN.get(province) === null &&
    (!city || KNOWN.get(city) === province) &&
    (!district || KNOWN.get(district) === city),
};
const field = fieldDefinitionFixture({ id: "f", objectApiName: "o", apiName: "addr", type: "address" });
const write = (value: unknown) => addressType.toColumns(value, field, ctx);
const columns = (province: unknown, city: unknown, district: unknown, detail: unknown) => ({
  addr: province,
  addr__city: city,
  addr__district: district,
  addr__detail: detail,
});

describe("address values", () => {
  it("stores a town in the district's place under a city without districts (东莞市长安镇)", () => {
    const changan = { province: "440000", city: "441900", district: "441900119", detail: "振安中路1号" };
    expect(write(changan)).toEqual({
      ok: true,
      value: columns("440000", "441900", "441900119", "振安中路1号"),
    });
    expect(addressType.fromColumns(columns("440000", "441900", "441900119", "振安中路1号"), field)).toEqual(
      changan,
    );
    expect(write({ ...changan, city: "320500" })).toMatchObject({ ok: false, code: "invalid_division" });
    // nine digits are a town, never a province or city
    expect(write({ province: "440000", city: "441900119" })).toMatchObject({ code: "invalid_division" });
  });

  it("keeps Hong Kong as a province with the rest as typed; the country code HK means the same", () => {
    const stored = columns("810000", null, null, "九龙城区 太子道西1号");
    expect(write({ province: "810000", detail: "九龙城区 太子道西1号" })).toEqual({
      ok: true,
      value: stored,
    });
    expect(write({ country: "HK", detail: "九龙城区 太子道西1号" })).toEqual({ ok: true, value: stored });
    expect(addressType.fromColumns(stored, field)).toMatchObject({ province: "810000", city: null });
  });

  it("stores an address abroad as its country and lines, read back as it was typed", () => {
    const lines = "1 Apple Park Way\nCupertino, CA 95014";
    expect(write({ country: "us", detail: lines })).toEqual({
      ok: true,
      value: columns("US", null, null, lines),
    });
    expect(addressType.fromColumns(columns("US", null, null, lines), field)).toEqual({
      country: "US",
      detail: lines,
    });
    expect(write({ country: "JP" })).toMatchObject({ ok: false, code: "address_lines_required" });
    expect(write({ country: "XX", detail: "a" })).toEqual({
      ok: false,
      code: "invalid_country",
      params: { value: "XX" },
    });
    expect(write({ country: "JP", province: "440000", detail: "a" })).toMatchObject({
      code: "address_overseas_division",
    });
    // CN is the mainland: its divisions are required
    expect(write({ country: "CN", detail: "a" })).toMatchObject({ code: "invalid_division" });
    expect(write({ detail: "科技园1号" })).toMatchObject({ code: "address_incomplete" });
  });

  it("leaves stored mainland addresses as they were", () => {
    const suzhou = columns("320000", "320500", null, "干将西路 1 号");
    expect(addressType.fromColumns(suzhou, field)).toEqual({
      province: "320000",
      city: "320500",
      district: null,
      detail: "干将西路 1 号",
    });
    expect(write({ province: "320000", city: "320500", district: null, detail: "干将西路 1 号" })).toEqual({
      ok: true,
      value: suzhou,
    });
  });

  it("filters by division code at any level, town included, or by country", () => {
    expect(addressType.parseOperand("441900119", field)).toEqual({ ok: true, value: "441900119" });
    expect(addressType.parseOperand("jp", field)).toEqual({ ok: true, value: "JP" });
    expect(addressType.parseOperand("MO", field)).toEqual({ ok: true, value: "820000" });
    expect(addressType.parseOperand("CN", field)).toMatchObject({ code: "address_filter_china" });
    expect(addressType.parseOperand("4419", field)).toMatchObject({ code: "invalid_division" });
  });

  it("knows the ISO countries abroad and names them in both languages", () => {
    expect(OVERSEAS_COUNTRIES).toHaveLength(245);
    expect(isOverseasCountry("TW")).toBe(false);
    expect(countryName("JP", "zh-CN")).toBe("日本");
    expect(countryName("DE", "en")).toBe("Germany");
  });
});
