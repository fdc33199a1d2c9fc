import type { FormulaFunctionInfo, FormulaValueType, Translatable } from "@keduo/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";

/** A path a formula on the object may use (`amount`, `account.tier`), as the checker suggests it. */
export interface FormulaFieldSuggestion {
  path: string;
  kind: "value" | "relation" | "list";
  type?: FormulaValueType;
  target?: string;
  labels: Translatable;
}

/** A positioned problem, its message already in the UI language. */
export interface FormulaProblem {
  line: number;
  column: number;
  code: string;
  message: string;
}

interface FormulaHelp {
  functions: FormulaFunctionInfo[];
  fields: FormulaFieldSuggestion[];
}

/** The answer of POST /api/meta/formula/check: a type, or every problem; both with autocomplete help. */
export type FormulaCheck = FormulaHelp &
  ({ ok: true; type: FormulaValueType } | { ok: false; errors: FormulaProblem[] });

export interface FormulaCheckInput {
  object: string;
  expression: string;
  expect?: FormulaValueType;
  /** ISNEW, ISCHANGED and PRIORVALUE read the write (conditions of record triggers). */
  write_context?: boolean;
}

const check = (input: FormulaCheckInput) => http.post<FormulaCheck>("/api/meta/formula/check", input);

/**
 * The server's verdict on a formula as it is typed (the caller debounces the expression); the previous verdict
 * stays shown while the next is on its way, so the message under the box does not flicker.
 */
export function useFormulaCheck(input: FormulaCheckInput) {
  return useQuery({
    queryKey: ["formula-check", input],
    queryFn: () => check(input),
    enabled: Boolean(input.object && input.expression.trim()),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The fields and functions to suggest, before anything is typed (asked with a formula that always checks). */
export function useFormulaHelp(object: string, writeContext: boolean) {
  return useQuery({
    queryKey: ["formula-help", object, writeContext],
    queryFn: (): Promise<FormulaHelp> => check({ object, expression: "TRUE", write_context: writeContext }),
    enabled: Boolean(object),
    staleTime: 300_000,
  });
}
