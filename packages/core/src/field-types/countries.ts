import type { Locale } from "../i18n/locale.ts";

/** ISO 3166-1 alpha-2 codes (249). Names come from the runtime's CLDR data (Intl.DisplayNames). */
const ISO_3166_1 = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ " +
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS " +
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ " +
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
    "VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

/**
 * Hong Kong, Macau and Taiwan are provinces in GB/T 2260 (810000, 820000, 710000): an address there is
 * kept with the mainland ones, under its division code, so one filter on China finds them all.
 */
export const CHINA_REGION_DIVISIONS: Readonly<Record<string, string>> = {
  HK: "810000",
  MO: "820000",
  TW: "710000",
};

/**
 * A country an address field stores as overseas: an ISO 3166-1 alpha-2 code other than China's own.
 *
 * @example
 * isOverseasCountry("JP"); // true
 * isOverseasCountry("HK"); // false: stored as province 810000
 */
export function isOverseasCountry(code: string): boolean {
  return ISO_3166_1.has(code) && code !== "CN" && !(code in CHINA_REGION_DIVISIONS);
}

/** Every overseas country code, for pickers. */
export const OVERSEAS_COUNTRIES: readonly string[] = [...ISO_3166_1].filter(isOverseasCountry);

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** The country's name in the locale (日本, Japan); the code itself when the runtime has no name. */
export function countryName(code: string, locale: Locale): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
    displayNames.set(locale, names);
  }
  return names.of(code) ?? code;
}
