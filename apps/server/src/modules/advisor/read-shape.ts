import {
  type CheckedFilter,
  type FieldDefinition,
  fieldHoldsMany,
  fieldTypeOf,
  type ReadShape,
} from "@keduo/core";
import type { ObservedRead } from "../records/index.ts";

/**
 * The shape of a read, without its values: which columns it narrows by equality, which by a range, how it is
 * ordered and grouped. Reads of one shape are served by one index; the advisor counts and times them per
 * shape (ADR 0034). Columns are the object table's own, so a shape names nothing a reader typed.
 */
export type { ReadShape };

/** Column types a btree index serves; arrays, JSON and text searched inside are left to other index kinds. */
const BTREE_TYPES = new Set([
  "text",
  "numeric",
  "numeric(18,2)",
  "bigint",
  "integer",
  "date",
  "timestamptz",
  "boolean",
  "uuid",
]);

/** The field's one column a btree serves, or null (formulas, junctions, sets, JSON, several columns). */
export function indexableColumn(field: FieldDefinition): string | null {
  if (field.type === "formula") return null;
  const type = fieldTypeOf(field.type);
  if (fieldHoldsMany(type, field)) return null;
  const primary = type.columns(field)[0];
  if (!primary || primary.name !== field.apiName || !BTREE_TYPES.has(primary.sqlType)) return null;
  return primary.name;
}

/**
 * The conditions of the filter's top-level AND that an index can serve. What sits under OR or NOT, text
 * searched inside and `≠` narrow nothing an index finds, so they are not part of the shape.
 */
function narrowing(filter: CheckedFilter | null, equality: Set<string>, range: string[]) {
  if (!filter) return;
  if (filter.kind === "and") {
    for (const node of filter.nodes) narrowing(node, equality, range);
    return;
  }
  if (filter.kind === "or" || filter.kind === "not") return;
  const column = indexableColumn(filter.field);
  if (!column) return;
  switch (filter.kind) {
    case "compare":
      if (filter.operator === "eq") equality.add(column);
      else if (filter.operator !== "neq" && !range.includes(column)) range.push(column);
      return;
    case "in":
      if (!filter.negated) equality.add(column);
      return;
    case "empty":
      if (filter.empty) equality.add(column);
      return;
    case "between":
    case "within":
      if (!range.includes(column)) range.push(column);
      return;
    default:
      return;
  }
}

export function shapeOf(read: ObservedRead): ReadShape {
  const equality = new Set<string>();
  const range: string[] = [];
  narrowing(read.filter, equality, range);
  const columns = (fields: readonly FieldDefinition[]) =>
    fields.flatMap((field) => {
      const column = indexableColumn(field);
      return column ? [column] : [];
    });
  return {
    object: read.object,
    kind: read.kind,
    equality: [...equality].sort(),
    range: range.filter((column) => !equality.has(column)),
    sort: read.sort.map(({ column, direction }) => ({ column, direction })),
    idDirection: read.idDirection,
    groupBy: columns(read.groupBy),
    measures: columns(read.measures),
    scoped: read.scoped,
  };
}

/** One text per shape: the statistic's key. */
export function shapeKey(shape: ReadShape): string {
  const sort = shape.sort.map((key) => `${key.direction === "desc" ? "-" : ""}${key.column}`).join(",");
  return [
    shape.object,
    shape.kind,
    shape.scoped ? "scoped" : "all",
    `eq:${shape.equality.join(",")}`,
    `range:${shape.range.join(",")}`,
    `sort:${sort}`,
    `group:${shape.groupBy.join(",")}`,
    `measure:${shape.measures.join(",")}`,
  ].join("|");
}
