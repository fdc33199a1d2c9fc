import type { IndexDefinition, IndexKey, ReadShape, Translatable } from "@keduo/core";
import type { ObjectMeta } from "../api/types.ts";

/** A column as people know it: its field's label, a system column's name, or the column itself. */
export type ColumnNamer = (column: string) => string;

/**
 * The advisor names table columns; a field's column is its API name (indexableColumn on the server), so the
 * field's label stands for it. System columns (id, owner_id, created_at…) have names of their own.
 */
export function columnNamer(
  object: ObjectMeta | undefined,
  pickLabel: (label: Translatable) => string,
  systemColumns: Readonly<Record<string, string>>,
): ColumnNamer {
  const labels = new Map((object?.fields ?? []).map((field) => [field.api_name, field.labels]));
  return (column) => {
    const label = labels.get(column);
    if (label) return pickLabel(label) || column;
    return systemColumns[column] ?? column;
  };
}

const arrow = (direction: IndexKey["direction"]) => (direction === "desc" ? "↓" : "↑");

/** `状态 ↑`: one key with its direction. */
export function keyInWords(key: IndexKey, name: ColumnNamer): string {
  return `${name(key.column)} ${arrow(key.direction)}`;
}

/** The index's keys in order, `状态 ↑ · 成交日期 ↓ · 记录 ID ↓`. */
export function keysInWords(definition: IndexDefinition, name: ColumnNamer): string {
  return definition.keys.map((key) => keyInWords(key, name)).join(" · ");
}

/** What a read shape filters on, as `状态 =`, `金额 范围` pieces (the templates are the page's strings). */
export function shapeFilterWords(
  shape: ReadShape,
  name: ColumnNamer,
  words: { equals: (column: string) => string; range: (column: string) => string },
): string[] {
  return [
    ...shape.equality.map((column) => words.equals(name(column))),
    ...shape.range.map((column) => words.range(name(column))),
  ];
}

/** How a read shape orders or groups its rows: `成交日期 ↓` for a list, `按 状态 分组` for a summary. */
export function shapeOrderWords(
  shape: ReadShape,
  name: ColumnNamer,
  groupBy: (column: string) => string,
): string[] {
  if (shape.kind === "aggregate") return shape.groupBy.map((column) => groupBy(name(column)));
  return shape.sort.map((key) => keyInWords(key, name));
}
