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

export interface AddressValue {
  province: string;
  city: string | null;
  district: string | null;
  detail: string | null;
}

/**
 * An address from one cell: division names from the province down, run together (广东省深圳市南山区科技园1号),
 * separated by spaces (广东省 深圳市 南山区 科技园1号) or as the export writes them (广东省深圳市南山区 科技园1号),
 * then the detail line. The province must be known, and so must the city when more follows; an unknown
 * district is taken as the start of the detail line (many addresses name none).
 */
export function parseAddress(text: string): { ok: true; value: AddressValue } | Rejected {
  const trimmed = text.trim();
  const province = matchAt(trimmed, 0, allProvinces());
  if (!province) return { ok: false, code: "address_unknown_province", params: { value: trimmed } };
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
      }
    } else {
      const implied = districtInProvince(trimmed, at, province.place);
      if (!implied)
        return {
          ok: false,
          code: "address_unknown_city",
          params: { province: province.place.name, value: trimmed.slice(at) },
        };
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
