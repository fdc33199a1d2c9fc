import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Translatable } from "@keduo/core";

/** A day as the chinese-days package states it: a public holiday, or a make-up working day (调休上班). */
export interface OfficialDay {
  date: string;
  working: boolean;
  name: Translatable;
}

export interface OfficialCalendar {
  /** "chinese-days@1.5.7": which data a year was loaded from. */
  source: string;
  days: OfficialDay[];
  /** The years the package states, ascending. */
  years: number[];
}

const require = createRequire(import.meta.url);

/** `"National Day,国庆节,3"`: English name, Chinese name, and the holiday's length in law (not used). */
function nameOf(text: string): Translatable {
  const parts = text.split(",");
  const zh = parts.length >= 3 ? parts[parts.length - 2]! : (parts[1] ?? text);
  const en = parts.length >= 3 ? parts.slice(0, -2).join(",") : (parts[0] ?? text);
  return { "zh-CN": zh.trim(), en: en.trim() };
}

function entriesOf(value: unknown, key: string): Array<[string, string]> {
  const section = (value as Record<string, unknown> | null)?.[key];
  if (!section || typeof section !== "object") throw new Error(`chinese-days data has no "${key}" section`);
  return Object.entries(section).filter((entry): entry is [string, string] => typeof entry[1] === "string");
}

let cached: OfficialCalendar | null = null;

/**
 * The official calendar from the package's published JSON file (dist/chinese-days.json, the form its README
 * offers for direct use): holidays (weekends inside a holiday included, so the calendar can name them) and
 * make-up working days. Its in-lieu list repeats holidays and is not needed. Read once per process.
 */
export function readChineseDays(): OfficialCalendar {
  if (cached) return cached;
  const data: unknown = JSON.parse(
    readFileSync(require.resolve("chinese-days/dist/chinese-days.json"), "utf8"),
  );
  const { version } = JSON.parse(readFileSync(require.resolve("chinese-days/package.json"), "utf8")) as {
    version: string;
  };
  const days: OfficialDay[] = [
    ...entriesOf(data, "holidays").map(([date, name]) => ({ date, working: false, name: nameOf(name) })),
    ...entriesOf(data, "workdays").map(([date, name]) => ({ date, working: true, name: nameOf(name) })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const years = [...new Set(days.map((day) => Number(day.date.slice(0, 4))))].sort((a, b) => a - b);
  cached = { source: `chinese-days@${version}`, days, years };
  return cached;
}
