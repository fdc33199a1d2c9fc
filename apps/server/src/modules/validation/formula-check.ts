import {
  checkFormula,
  type FormulaType,
  formatFormulaError,
  KeduoError,
  type Locale,
  listFormulaFunctions,
} from "@keduo/core";
import type { AccessContext } from "../access/index.ts";
import { visibleFormulaSchema } from "../formula-sql/index.ts";
import { suggestFields } from "./formula-autocomplete.ts";

export interface FormulaCheckInput {
  object: string;
  expression: string;
  expect?: FormulaType;
  /** Checked as a formula on a write (a validation rule): ISNEW, ISCHANGED and PRIORVALUE are allowed. */
  write_context?: boolean;
}

const FUNCTIONS = listFormulaFunctions();

/**
 * What a formula editor needs: the result type and dependencies, or every error with its position and a
 * message in the reader's language — plus the functions and the fields for autocomplete. The formula is
 * checked against what the caller may see: an object they may not read answers like a missing one, and a
 * field hidden from them is an unknown field.
 */
export function checkFormulaForEditor(access: AccessContext, input: FormulaCheckInput, locale: Locale) {
  const { snapshot } = access;
  const readable = access.kind === "system" || access.permissions.object(input.object).read;
  if (!snapshot.objects.has(input.object) || !readable)
    throw new KeduoError("OBJECT_NOT_FOUND", { params: { object: input.object } });
  const schema = visibleFormulaSchema(snapshot, access);
  const result = checkFormula(input.expression, {
    schema,
    object: input.object,
    expect: input.expect,
    writeContext: input.write_context ?? false,
  });
  const help = { functions: FUNCTIONS, fields: suggestFields(schema, snapshot, input.object) };
  if (result.ok) {
    const { formula } = result;
    return {
      ok: true as const,
      type: formula.type,
      dependencies: formula.dependencies.map((path) => path.join(".")),
      time_dependent: formula.timeDependent,
      ...help,
    };
  }
  return {
    ok: false as const,
    errors: result.errors.map((error) => ({
      line: error.span.start.line,
      column: error.span.start.column,
      end_line: error.span.end.line,
      end_column: error.span.end.column,
      code: error.code,
      message: formatFormulaError(error, locale),
    })),
    ...help,
  };
}
