import type { Expression, Span } from "./ast.ts";
import { pathNames, resolvePath, samePath } from "./check-references.ts";
import { findAggregateFunction } from "./functions/registry.ts";
import type { FormulaSchema } from "./schema.ts";

export type ListReference =
  | {
      readonly kind: "list";
      readonly path: readonly string[];
      readonly target: string;
      readonly hops: number;
    }
  | { readonly kind: "mixed"; readonly first: string; readonly other: string; readonly span: Span };

/**
 * The related list an aggregate's first argument reads (`payments` in `SUM(payments.amount * 2)`), or
 * null when it reads none. Nested SUM, COUNT and AVG are not looked into: they read their own list.
 * Nested MIN and MAX are looked into only for SUM, COUNT and AVG (`SUM(MIN(payments.amount, 60))`
 * takes the smaller of two values per payment); for MIN and MAX themselves a nested MIN or MAX is
 * its own aggregate (`MIN(MAX(payments.amount), 100)`).
 */
export function findListReference(
  schema: FormulaSchema,
  object: string,
  expr: Expression,
  throughMinMax: boolean,
): ListReference | null {
  let found: ListReference | null = null;
  const visit = (node: Expression): void => {
    if (found?.kind === "mixed") return;
    switch (node.kind) {
      case "reference": {
        const resolved = resolvePath(schema, object, node.path);
        if (resolved.kind !== "list") return;
        const path = pathNames(node.path).slice(0, resolved.listLength);
        if (found === null) found = { kind: "list", path, target: resolved.target, hops: resolved.hops };
        else if (!samePath(found.path, path)) {
          found = { kind: "mixed", first: found.path.join("."), other: path.join("."), span: node.span };
        }
        return;
      }
      case "unary":
        visit(node.operand);
        return;
      case "binary":
        visit(node.left);
        visit(node.right);
        return;
      case "call": {
        const isMinMax = node.name === "MIN" || node.name === "MAX";
        if (!findAggregateFunction(node.name) || (isMinMax && throughMinMax)) node.args.forEach(visit);
        return;
      }
      default:
        return;
    }
  };
  visit(expr);
  return found;
}
