import type { PathSegment } from "./ast.ts";
import { DIRECTORY_USER, withDirectory } from "./directory.ts";
import { type FormulaError, formulaError } from "./formula-error.ts";
import type { FormulaValueType } from "./formula-types.ts";
import { FORMULA_LIMITS } from "./limits.ts";
import type { FormulaSchema } from "./schema.ts";

export type ResolvedPath =
  | {
      readonly kind: "value";
      readonly type: FormulaValueType;
      readonly hops: number;
      readonly options?: readonly string[];
      readonly computed?: boolean;
      /** Where the path enters the user directory: the index of the first name after a user value. */
      readonly directoryAt?: number;
    }
  /** The path reached a list after `listLength` names; the aggregate reads what follows on each record. */
  | {
      readonly kind: "list";
      readonly listLength: number;
      readonly target: string;
      readonly hops: number;
    }
  | { readonly kind: "error"; readonly error: FormulaError };

/**
 * Follows a reference from `object`: relations hop to their target, a user value followed by more names
 * hops into the user directory (directory.ts), the first list stops the walk (aggregates decide what comes
 * after it), and the last name must be a value.
 */
export function resolvePath(
  schema: FormulaSchema,
  object: string,
  segments: readonly PathSegment[],
  startHops = 0,
): ResolvedPath {
  const lookup = withDirectory(schema);
  let current = object;
  let hops = startHops;
  let directoryAt: number | undefined;
  for (const [index, segment] of segments.entries()) {
    const field = lookup.field(current, segment.name);
    if (!field) {
      return {
        kind: "error",
        error: formulaError("unknown_field", segment.span, {
          name: segment.name,
          // "@user" reads as "user" in the message.
          object: current.replace(/^@/, ""),
        }),
      };
    }
    const last = index === segments.length - 1;
    if (field.kind === "value" && last) {
      const { options, computed } = field;
      return { kind: "value", type: field.type, hops, options, computed, directoryAt };
    }
    if (field.kind === "value" && field.type !== "user") {
      const next = segments[index + 1]!;
      return { kind: "error", error: formulaError("not_a_relation", next.span, { name: segment.name }) };
    }
    if (++hops > FORMULA_LIMITS.maxRelationHops) {
      return {
        kind: "error",
        error: formulaError("too_many_hops", segment.span, { max: FORMULA_LIMITS.maxRelationHops }),
      };
    }
    if (field.kind === "value") {
      directoryAt ??= index + 1;
      current = DIRECTORY_USER;
      continue;
    }
    if (field.kind === "list") return { kind: "list", listLength: index + 1, target: field.target, hops };
    if (last) {
      return {
        kind: "error",
        error: formulaError("relation_needs_field", segment.span, { name: segment.name }),
      };
    }
    current = field.target;
  }
  // A parsed reference always has at least one segment.
  throw new Error("empty reference path");
}

export function pathNames(segments: readonly PathSegment[]): string[] {
  return segments.map((segment) => segment.name);
}

export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
