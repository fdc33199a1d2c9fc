import type { FilterOperator } from "@keduo/core";
import type { FieldMeta } from "../api/types.ts";
import { holdsMany, operatorsFor } from "./metadata.ts";

/** One row of the filter builder: field → operator → value (shaped as the API wants it). */
export interface FilterCondition {
  field: string;
  operator: FilterOperator;
  value?: unknown;
}

export interface FilterState {
  match: "and" | "or";
  conditions: FilterCondition[];
}

export const EMPTY_FILTER: FilterState = { match: "and", conditions: [] };

export const RELATIVE_PRESETS = [
  "today",
  "yesterday",
  "tomorrow",
  "this_week",
  "last_week",
  "next_week",
  "this_month",
  "last_month",
  "next_month",
  "this_quarter",
  "last_quarter",
  "next_quarter",
  "this_year",
  "last_year",
  "next_year",
  "last_7_days",
  "last_30_days",
  "next_7_days",
  "next_30_days",
  "last_3_months",
  "next_3_months",
] as const;

const ROLLING = /^(last|next)_([1-9]\d{0,3})_(days|months)$/;

export function parseRolling(
  token: string,
): { direction: "last" | "next"; count: number; unit: "days" | "months" } | null {
  const match = ROLLING.exec(token);
  if (!match) return null;
  return {
    direction: match[1] as "last" | "next",
    count: Number(match[2]),
    unit: match[3] as "days" | "months",
  };
}

/** What kind of value input an operator needs. */
export type ValueKind = "none" | "single" | "list" | "range" | "relative";

export function valueKind(field: FieldMeta, operator: FilterOperator): ValueKind {
  if (operator === "is_empty" || operator === "is_not_empty") return "none";
  if (operator === "between") return "range";
  if (operator === "within") return "relative";
  if (operator === "in" || operator === "nin") return "list";
  if (operator === "contains" && holdsMany(field)) return "list";
  return "single";
}

export function defaultOperator(field: FieldMeta): FilterOperator {
  const operators = operatorsFor(field);
  if (operators.includes("contains") && !holdsMany(field)) return "contains";
  if (operators.includes("eq")) return "eq";
  return operators[0] ?? "is_not_empty";
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

export function isComplete(condition: FilterCondition, field: FieldMeta | undefined): boolean {
  if (!field) return false;
  const kind = valueKind(field, condition.operator);
  if (kind === "none") return true;
  if (kind === "range")
    return Array.isArray(condition.value) && condition.value.length === 2 && !condition.value.some(isBlank);
  return !isBlank(condition.value);
}

/** Builds the API's filter JSON: `{"and":[{"region":{"eq":"east"}}, …]}`; incomplete rows are left out. */
export function toApiFilter(
  state: FilterState,
  fields: Map<string, FieldMeta>,
  quickSearch?: { field: string; text: string },
): Record<string, unknown> | undefined {
  const parts: Record<string, unknown>[] = [];
  for (const condition of state.conditions) {
    const field = fields.get(condition.field);
    if (!field || !isComplete(condition, field)) continue;
    const kind = valueKind(field, condition.operator);
    const value = kind === "none" ? true : condition.value;
    parts.push({ [condition.field]: { [condition.operator]: value } });
  }
  const built: Record<string, unknown>[] = [];
  if (parts.length === 1) built.push(parts[0]!);
  else if (parts.length > 1) built.push({ [state.match]: parts });
  if (quickSearch?.text.trim()) built.push({ [quickSearch.field]: { contains: quickSearch.text.trim() } });
  if (built.length === 0) return undefined;
  return built.length === 1 ? built[0] : { and: built };
}

/** Filter state in the URL (`?f=…`), so a filtered list can be reloaded, shared and navigated back to. */
export function encodeFilter(state: FilterState): string | null {
  if (state.conditions.length === 0) return null;
  return JSON.stringify(state);
}

export function decodeFilter(text: string | null): FilterState {
  if (!text) return EMPTY_FILTER;
  try {
    const parsed = JSON.parse(text) as Partial<FilterState>;
    if (!Array.isArray(parsed.conditions)) return EMPTY_FILTER;
    return {
      match: parsed.match === "or" ? "or" : "and",
      conditions: parsed.conditions.filter(
        (c): c is FilterCondition => typeof c?.field === "string" && typeof c.operator === "string",
      ),
    };
  } catch {
    return EMPTY_FILTER;
  }
}

/** `sort=-revenue,name` ⇄ [{field, direction}] */
export interface SortKey {
  field: string;
  direction: "asc" | "desc";
}

export function parseSortParam(text: string | null): SortKey[] {
  if (!text) return [];
  return text
    .split(",")
    .filter(Boolean)
    .map((part) =>
      part.startsWith("-")
        ? { field: part.slice(1), direction: "desc" as const }
        : { field: part, direction: "asc" as const },
    );
}

export function formatSortParam(keys: SortKey[]): string | null {
  if (keys.length === 0) return null;
  return keys.map((k) => (k.direction === "desc" ? `-${k.field}` : k.field)).join(",");
}
