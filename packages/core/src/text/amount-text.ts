/**
 * A number as people type it into a money or number box, as an exact decimal string, or null when it is not
 * one: `1,200,000`, `1 200 000`, `¥1,200`, `120万`, `1.5亿`, `3k`, `1.2e6`, `一百万`, `一百二十万五千`,
 * `三点五万`, `壹佰贰拾万`. Never guesses: anything else is null, so the box can say so in place instead of
 * clearing what was typed.
 * @example readAmountText("120万") // "1200000"
 */
export function readAmountText(input: string): string | null {
  let text = input
    .trim()
    .replace(/^(人民币|RMB|CNY)\s*|\s*(元|人民币|RMB|CNY)$/gi, "")
    .replace(/^([-+−]?)\s*[¥￥$]\s*/, "$1")
    .replace(/−/g, "-");
  if (text === "") return null;
  const negative = /^[-负]/.test(text);
  text = text.replace(/^[-+负]\s*/, "");
  const value = CHINESE_ONLY.test(text) ? chineseNumber(text) : latinNumber(text);
  if (value === null) return null;
  return negative && /[1-9]/.test(value) ? `-${value}` : value;
}

const UNITS: Record<string, number> = { 千: 3, k: 3, 万: 4, w: 4, 百万: 6, m: 6, 千万: 7, 亿: 8 };

/** Digits with separators, a decimal point, an exponent or a unit word: 1,200.5 · 1.2e6 · 120万 · 3.5k. */
function latinNumber(text: string): string | null {
  const m =
    /^(\d{1,3}(?:[,，' ]\d{3})+|\d+)(?:\.(\d+))?(?:e([-+]?\d{1,3}))?\s*(千万|百万|千|万|亿|k|w|m)?$/i.exec(
      text,
    );
  if (!m) return null;
  const [, whole, fraction = "", exponent, unit] = m;
  const digits = `${whole!.replace(/[,，' ]/g, "")}${fraction ? `.${fraction}` : ""}`;
  return shift(digits, Number(exponent ?? 0) + (unit ? UNITS[unit.toLowerCase()]! : 0));
}

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CHINESE_ONLY = /^[零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿点]+$/;

/** 一百二十万五千 → 1205000; 三点五万 → 35000; digits read one by one after 点. Null when malformed. */
function chineseNumber(text: string): string | null {
  const [integerPart, decimalPart, extra] = text.split("点");
  if (extra !== undefined || integerPart === undefined) return null;
  // 三点五万: a decimal followed by a large unit scales the whole number.
  let scale = 0;
  let fraction = decimalPart ?? "";
  const unit = /(万|亿)$/.exec(fraction);
  if (unit) {
    scale = unit[1] === "亿" ? 8 : 4;
    fraction = fraction.slice(0, -1);
  }
  const integer = integerPart === "" ? 0 : chineseInteger(integerPart);
  if (integer === null) return null;
  let fractionDigits = "";
  for (const c of fraction) {
    const d = DIGITS[c];
    if (d === undefined) return null;
    fractionDigits += String(d);
  }
  return shift(fractionDigits ? `${integer}.${fractionDigits}` : String(integer), scale);
}

function chineseInteger(text: string): number | null {
  let yi = 0;
  let wan = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of text) {
    if (c in DIGITS) {
      // 一二: two digits without a unit between them is not a number we read (一〇五 would be a guess).
      if (digit !== null && digit !== 0) return null;
      digit = DIGITS[c]!;
    } else if (c in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[c]!;
      digit = null;
    } else if (c === "万") {
      const group = section + (digit ?? 0);
      if (group === 0) return null;
      wan += group * 10_000;
      section = 0;
      digit = null;
    } else if (c === "亿") {
      const group = wan + section + (digit ?? 0);
      if (group === 0) return null;
      yi += group * 100_000_000;
      wan = 0;
      section = 0;
      digit = null;
    } else return null;
  }
  const result = yi + wan + section + (digit ?? 0);
  return Number.isSafeInteger(result) ? result : null;
}

/** Moves the decimal point of a plain decimal string by `places` (exact, no floats), trimming zeros. */
function shift(text: string, places: number): string {
  const [int = "0", frac = ""] = text.split(".");
  const digits = int + frac;
  const point = int.length + places;
  const padded = point > digits.length ? digits + "0".repeat(point - digits.length) : digits;
  const whole = (padded.slice(0, Math.max(point, 0)) || "0").replace(/^0+(?=\d)/, "");
  const fraction = (point < 0 ? "0".repeat(-point) + padded : padded.slice(point)).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}
