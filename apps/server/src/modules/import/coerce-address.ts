import { CHINA_REGION_DIVISIONS, countryName, LOCALES, OVERSEAS_COUNTRIES } from "@keduo/core";
import { createDivisionLookup, type DivisionLookup } from "../divisions/index.ts";
import { accept, type Coerced, type Rejected, reject } from "./coerce-dates.ts";
import { type Cell, cellText } from "./table-source.ts";

/** A division with the shorter name people write (广东 for 广东省, 深圳 for 深圳市), when it has one. */
interface Place {
  code: string;
  name: string;
  short: string | null;
  children: Place[];
}

// Level words people leave out. 自治州 names keep theirs: their short forms (恩施, 黔东南) follow no rule.
const LEVEL_SUFFIX = /(?:壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$|地区$|盟$|区$|县$/;
const SEPARATOR = /[\s,，]/;

type Division = DivisionLookup["tree"][number];

function toPlace(division: Division): Place {
  const short = division.name.replace(LEVEL_SUFFIX, "");
  return {
    code: division.code,
    name: division.name,
    short: short !== division.name && short.length >= 2 ? short : null,
    children: (division.children ?? []).map(toPlace),
  };
}

let provinces: Place[] | null = null;

/** The shipped GB/T 2260 data (~140 KB), indexed once per process on the first address cell. */
function allProvinces(): Place[] {
  provinces ??= createDivisionLookup().tree.map(toPlace);
  return provinces;
}

interface Match {
  place: Place;
  end: number;
}

const startsWithName = (text: string, at: number, place: Place) =>
  text.startsWith(place.name, at) || (place.short !== null && text.startsWith(place.short, at));

/**
 * A short name counts only where the next thing is a separator, the end, or a division below it: "广东深圳"
 * is 广东省, but 中山 in "中山路 1 号" is not 中山市 (the detail line is full of place-like words).
 */
function anchored(text: string, end: number, place: Place): boolean {
  if (end >= text.length || SEPARATOR.test(text[end]!)) return true;
  // 香港九龙城区…: a province without cities is followed by its detail line.
  if (place.children.length === 0 && /^\d{2}0000$/.test(place.code)) return true;
  return place.children.some(
    (child) => startsWithName(text, end, child) || child.children.some((g) => startsWithName(text, end, g)),
  );
}

/** The division named at `at`: the longest full name, else the longest anchored short name. */
function matchAt(text: string, at: number, candidates: Place[]): Match | null {
  let full: Match | null = null;
  let short: Match | null = null;
  for (const place of candidates) {
    if (text.startsWith(place.name, at)) {
      if (!full || place.name.length > full.place.name.length) full = { place, end: at + place.name.length };
    } else if (place.short && text.startsWith(place.short, at)) {
      const end = at + place.short.length;
      if ((!short || end > short.end) && anchored(text, end, place)) short = { place, end };
    }
  }
  return full ?? short;
}

function skipSeparators(text: string, at: number): number {
  let i = at;
  while (i < text.length && SEPARATOR.test(text[i]!)) i++;
  return i;
}

/** A district named straight after its province (北京市朝阳区, 海南省五指山市), when the name is unique there. */
function districtInProvince(text: string, at: number, province: Place): { city: Place; match: Match } | null {
  const found: Array<{ city: Place; match: Match }> = [];
  for (const city of province.children) {
    const match = matchAt(text, at, city.children);
    if (match) found.push({ city, match });
  }
  return found.length === 1 ? found[0]! : null;
}

export type AddressValue =
  | { province: string; city: string | null; district: string | null; detail: string | null }
  | { country: string; detail: string | null };

// A word that names a division by its level: 长安区, 长安镇, 葛城街道.
const DIVISION_WORD = /^\p{Script=Han}{1,8}?(?:街道|区|县|市|镇|乡)/u;
const stemOf = (name: string) => name.replace(/(?:街道|区|县|市|镇|乡)$/, "");

/**
 * What someone meant by a division that is not where they wrote it: the same name at another level
 * (东莞市长安区 → 长安镇: 东莞 has towns, no districts) or the same district under a sibling city
 * (深圳市天河区 → 广州市天河区). Null when nothing is that close; the word then starts the detail line.
 */
function districtSuggestion(text: string, at: number, province: Place, city: Place): string | null {
  const word = DIVISION_WORD.exec(text.slice(at))?.[0];
  if (!word) return null;
  const sameStem = city.children.find((child) => stemOf(child.name) === stemOf(word));
  if (sameStem) return `${city.name}${sameStem.name}`;
  const elsewhere = province.children.find((c) => c !== city && c.children.some((d) => d.name === word));
  return elsewhere ? `${elsewhere.name}${word}` : null;
}

/** A city named under the wrong province (广东省杭州市 → 浙江省杭州市). */
function citySuggestion(text: string, at: number): { city: string; suggestion: string } | null {
  for (const province of allProvinces())
    for (const city of province.children)
      if (city.name.endsWith("市") && text.startsWith(city.name, at))
        return { city: city.name, suggestion: `${province.name}${city.name}` };
  return null;
}

/** An address abroad is its country; Hong Kong, Macau and Taiwan are provinces of their own. */
interface Country {
  name: string;
  value: (detail: string) => AddressValue;
}

let countries: Country[] | null = null;

/** Countries by their zh-CN and en names (日本, Japan) and ISO code, longest first. */
function allCountries(): Country[] {
  if (!countries) {
    const abroad =
      (code: string) =>
      (detail: string): AddressValue => ({ country: code, detail });
    const named: Country[] = OVERSEAS_COUNTRIES.flatMap((code) =>
      [...LOCALES.map((locale) => countryName(code, locale)), code].map((name) => ({
        name,
        value: abroad(code),
      })),
    );
    named.push({ name: "USA", value: abroad("US") }, { name: "UK", value: abroad("GB") });
    const region =
      (province: string) =>
      (detail: string): AddressValue => ({
        province,
        city: null,
        district: null,
        detail,
      });
    for (const [code, province] of Object.entries(CHINA_REGION_DIVISIONS))
      named.push({ name: countryName(code, "en"), value: region(province) });
    named.push(
      { name: "Hong Kong", value: region(CHINA_REGION_DIVISIONS.HK!) },
      { name: "Macau", value: region(CHINA_REGION_DIVISIONS.MO!) },
      { name: "Macao", value: region(CHINA_REGION_DIVISIONS.MO!) },
    );
    countries = named.sort((a, b) => b.name.length - a.name.length);
  }
  return countries;
}

// 中国广东省…, 中国香港特别行政区… (the zh-CN name of HK): the country of the divisions is said, not needed.
const CHINA = /^(?:中华人民共和国|中国|(?:China|PRC)(?=[\s,，]|$))[\s,，]*/i;

/**
 * An address abroad: a country name, then its lines as typed (日本 東京都千代田区…, Japan, 1-1 Marunouchi…).
 * Latin names need a separator after them (Japan, not Japanese…); Chinese ones may run on (日本東京都).
 */
function parseOverseas(text: string): { ok: true; value: AddressValue } | Rejected | null {
  for (const { name, value } of allCountries()) {
    if (text.slice(0, name.length).toLowerCase() !== name.toLowerCase()) continue;
    const latin = /^[A-Za-z]/.test(name);
    if (latin && name.length < text.length && !/[\s,，]/.test(text[name.length]!)) continue;
    const detail = text.slice(skipSeparators(text, name.length)).trim();
    if (!detail) return { ok: false, code: "address_lines_required" };
    return { ok: true, value: value(detail) };
  }
  return null;
}

/**
 * An address from one cell: division names from the province down, run together (广东省深圳市南山区科技园1号),
 * separated by spaces (广东省 深圳市 南山区 科技园1号) or as the export writes them (广东省深圳市南山区 科技园1号),
 * then the detail line. The province must be known, and so must the city when more follows; an unknown
 * district is taken as the start of the detail line (many addresses name none).
 */
export function parseAddress(text: string): { ok: true; value: AddressValue } | Rejected {
  const trimmed = text.trim().replace(CHINA, "");
  const province = matchAt(trimmed, 0, allProvinces());
  if (!province)
    return (
      parseOverseas(trimmed) ?? { ok: false, code: "address_unknown_province", params: { value: trimmed } }
    );
  let at = skipSeparators(trimmed, province.end);
  // 上海市上海市浦东新区: the municipality named twice, once as province and once as city.
  if (trimmed.startsWith(province.place.name, at) && province.place.name.endsWith("市"))
    at = skipSeparators(trimmed, at + province.place.name.length);
  let city: Place | null = null;
  let district: Place | null = null;
  if (at < trimmed.length) {
    const cityMatch = matchAt(trimmed, at, province.place.children);
    if (cityMatch) {
      city = cityMatch.place;
      at = skipSeparators(trimmed, cityMatch.end);
      const districtMatch = at < trimmed.length ? matchAt(trimmed, at, city.children) : null;
      if (districtMatch) {
        district = districtMatch.place;
        at = districtMatch.end;
      } else {
        const suggestion = districtSuggestion(trimmed, at, province.place, city);
        if (suggestion) {
          const word = DIVISION_WORD.exec(trimmed.slice(at))![0];
          return {
            ok: false,
            code: "address_did_you_mean",
            params: { value: `${city.name}${word}`, suggestion },
          };
        }
      }
    } else if (province.place.children.length > 0) {
      const implied = districtInProvince(trimmed, at, province.place);
      if (!implied) {
        const elsewhere = citySuggestion(trimmed, at);
        if (elsewhere)
          return {
            ok: false,
            code: "address_did_you_mean",
            params: { value: `${province.place.name}${elsewhere.city}`, suggestion: elsewhere.suggestion },
          };
        return {
          ok: false,
          code: "address_unknown_city",
          params: { province: province.place.name, value: trimmed.slice(at) },
        };
      }
      city = implied.city;
      district = implied.match.place;
      at = implied.match.end;
    }
  }
  const detail = trimmed.slice(skipSeparators(trimmed, at)).trim();
  return {
    ok: true,
    value: {
      province: province.place.code,
      city: city?.code ?? null,
      district: district?.code ?? null,
      detail: detail || null,
    },
  };
}

export function coerceAddress(cell: Cell): Coerced {
  const parsed = parseAddress(cellText(cell));
  return parsed.ok ? accept(parsed.value) : reject(parsed.code, parsed.params);
}

/** The cells feeding one address field: a whole address, and/or the parts in columns of their own. */
export interface AddressParts {
  whole?: string;
  province?: string;
  city?: string;
  district?: string;
  street?: string;
}

/**
 * An address from several columns (省份 | 城市 | 区县 | 街道), read as one spaced text from the province down,
 * so each part follows the one-cell rules. A whole-address column that names its own province is taken as
 * it is; otherwise it is the detail after the parts (a 详细地址 column beside 省份 and 城市).
 */
export function coerceAddressParts(parts: AddressParts): Coerced {
  const { whole, province, city, district, street } = parts;
  const divisions = [province, city, district].filter((p) => p !== undefined);
  if (whole !== undefined && divisions.length === 0 && street === undefined) return coerceAddress(whole);
  if (whole !== undefined) {
    const alone = parseAddress(whole);
    if (alone.ok) return accept(alone.value);
  }
  return coerceAddress([...divisions, street, whole].filter((p) => p !== undefined).join(" "));
}
