import type { ErrorParams } from "../errors/keduo-error.ts";
import type { CallExpression, Expression, PathSegment, Span } from "./ast.ts";
import type { ResolvedPath } from "./check-references.ts";
import type { FormulaErrorCode } from "./formula-error.ts";
import type { CheckedType, TypeGroup } from "./formula-types.ts";
import type { TypedExpression } from "./typed-ast.ts";

/** The list an aggregate reads, while its arguments are checked. */
export interface ListScope {
  readonly path: readonly string[];
  readonly target: string;
  readonly hops: number;
}

/** What the parts of the checker share: the walk itself, error reporting and bookkeeping. */
export interface CheckContext {
  readonly source: string;
  check(expr: Expression, list: ListScope | null): TypedExpression;
  report(code: FormulaErrorCode, span: Span, params?: ErrorParams): void;
  readonly errorCount: number;
  checkArity(expr: CallExpression, min: number, max: number): boolean;
  addDependency(path: readonly string[]): void;
  /** Counts one more aggregate; reports and returns false once the limit is passed. */
  addAggregate(span: Span): boolean;
  /** ISNEW, ISCHANGED and PRIORVALUE are allowed: the formula is checked on a write. */
  readonly writeContext: boolean;
  /** A reference from the formula's own record. */
  resolveReference(path: readonly PathSegment[]): ResolvedPath;
  /** The formula reads the write: the prior value of `field`, or (null) only whether it creates the record. */
  readsWrite(field: string | null): void;
  /** `node` is a value of the select `name`, so text compared with it must be one of `options`. */
  rememberOptions(node: TypedExpression, name: string, options: readonly string[]): void;
  /** Reports a text literal `value` that is not an option of the select `subject` is a value of. */
  checkOption(subject: TypedExpression, value: TypedExpression): void;
}

/** The type a BLANK argument takes where a group of types is expected. */
export const REPRESENTATIVE: Record<TypeGroup, CheckedType> = {
  numeric: "number",
  textual: "text",
  boolean: "boolean",
  date: "date",
  datetime: "datetime",
  temporal: "date",
  multi_select: "multi_select",
  orderable: "number",
  scalar: "text",
};

/** A BLANK in a typed place takes that type, so the SQL gets a typed NULL. */
export function concretize(node: TypedExpression, type: CheckedType): TypedExpression {
  if (node.type !== "null" || type === "null" || type === "error") return node;
  return node.kind === "literal" || node.kind === "call" ? { ...node, type } : node;
}

/** Stands for a node that already has an error, so nothing above it reports again. */
export function errorNode(span: Span): TypedExpression {
  return { kind: "literal", type: "error", value: null, span };
}
