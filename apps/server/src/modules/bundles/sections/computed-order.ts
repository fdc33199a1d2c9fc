import { type Expression, parseFormula } from "@keduo/core";
import type { BundleItem } from "../bundle-section.ts";

/** Every name an expression reads, each segment of each path (`lines.line_total` reads `lines` and `line_total`). */
function namesRead(expression: Expression, names: Set<string>): Set<string> {
  switch (expression.kind) {
    case "reference":
      for (const segment of expression.path) names.add(segment.name);
      break;
    case "unary":
      namesRead(expression.operand, names);
      break;
    case "binary":
      namesRead(expression.left, names);
      namesRead(expression.right, names);
      break;
    case "call":
      for (const argument of expression.args) namesRead(argument, names);
      break;
  }
  return names;
}

const fieldName = (item: BundleItem) => item.key.slice(item.key.indexOf(".") + 1);

function readsOf(item: BundleItem): Set<string> {
  const config = item.content.config as { expression?: unknown } | null | undefined;
  const parsed = typeof config?.expression === "string" ? parseFormula(config.expression) : null;
  return parsed?.ok ? namesRead(parsed.expression, new Set()) : new Set();
}

/**
 * Computed fields in an order where each comes after the computed fields it reads: a rollup on `quote` of
 * `lines.line_total` is checked against `quote_line` once `line_total` exists, although `quote` comes first
 * in the files (objects are in name order, fields in position order). Reads are matched by name alone, which
 * may see a dependency that is not one (a field of the same name elsewhere): that only costs order. Where no
 * item is free (a cycle, which the formula checker refuses anyway), the bundle's order decides.
 */
export function orderComputedFields<T extends BundleItem>(items: T[]): T[] {
  const names = new Set(items.map(fieldName));
  const pending = items.map((item) => ({
    item,
    needs: [...readsOf(item)].filter((name) => names.has(name)),
  }));
  const ordered: T[] = [];
  // Whether a name is still to come: some pending item other than `self` has it.
  const waiting = (name: string, self: T) =>
    pending.some((p) => p.item !== self && fieldName(p.item) === name);
  while (pending.length) {
    const index = pending.findIndex((p) => p.needs.every((name) => !waiting(name, p.item)));
    const [next] = pending.splice(Math.max(index, 0), 1);
    if (!next) break;
    ordered.push(next.item);
  }
  return ordered;
}
