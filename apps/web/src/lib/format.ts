import type { Locale } from "@keduo/core";

// Intl formatters are costly to build; one per (locale, options) is enough.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** Intl formats decimal strings exactly (no float rounding of money); numbers pass through. */
type Numeric = number | `${number}`;
const numeric = (value: number | string): Numeric => value as Numeric;

export function formatNumber(value: number | string, locale: Locale, fractionDigits?: number): string {
  const options: Intl.NumberFormatOptions =
    fractionDigits === undefined
      ? { maximumFractionDigits: 8 }
      : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return numberFormat(locale, options).format(numeric(value));
}

export function formatPercent(value: number | string, locale: Locale): string {
  return `${numberFormat(locale, { maximumFractionDigits: 8 }).format(numeric(value))}%`;
}

const COMPACT_FROM = 10_000;

/**
 * Money with its currency. `compact` (lists, cards) writes large zh-CN amounts with 万/亿 the way Chinese
 * readers expect (¥125万, ¥3.2亿); English keeps the full amount, which is what English readers expect.
 */
export function formatMoney(
  amount: string | number,
  currency: string | null | undefined,
  locale: Locale,
  options: { compact?: boolean } = {},
): string {
  const code = currency || "CNY";
  const compact = options.compact && locale === "zh-CN" && Math.abs(Number(amount)) >= COMPACT_FROM;
  try {
    return numberFormat(
      locale,
      compact
        ? // Currency style defaults to two decimals, which compact notation would keep (¥20.00万).
          {
            style: "currency",
            currency: code,
            notation: "compact",
            minimumFractionDigits: 0,
            maximumFractionDigits: 2,
          }
        : { style: "currency", currency: code, currencyDisplay: "symbol" },
    ).format(numeric(amount));
  } catch {
    return `${code} ${amount}`;
  }
}

/** "2026-03-01" (a calendar date, no time zone) in the locale's medium style. */
export function formatDate(value: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** An instant in the browser's time zone. */
export function formatDateTime(value: string, locale: Locale): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatFileSize(bytes: number, locale: Locale): string {
  const units = ["B", "KB", "MB", "GB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${numberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(size)} ${units[unit]}`;
}
