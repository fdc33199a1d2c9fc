import type { Translatable } from "../i18n/locale.ts";

export type ErrorParams = Record<string, string | number>;

/** One problem with one input field; rendered as an entry of problem+json `errors`. */
export interface FieldIssue {
  field: string;
  code: string;
  params?: ErrorParams;
  /** A message that is already translated (e.g. an admin's validation-rule text). */
  message?: Translatable;
}

export interface ErrorDefinition {
  status: number;
  title: Translatable;
  /** Template with `{param}` placeholders. */
  detail: Translatable;
}

/**
 * Every error a user can cause is a KeduoError with a stable code from an error catalog;
 * the HTTP layer renders it as RFC 9457 problem+json in the request's language.
 */
export class KeduoError extends Error {
  readonly code: string;
  readonly params: ErrorParams;
  readonly issues: FieldIssue[];
  readonly extra: Record<string, unknown>;

  constructor(
    code: string,
    options: { params?: ErrorParams; issues?: FieldIssue[]; extra?: Record<string, unknown> } = {},
  ) {
    super(code);
    this.name = "KeduoError";
    this.code = code;
    this.params = options.params ?? {};
    this.issues = options.issues ?? [];
    this.extra = options.extra ?? {};
  }
}

export function isKeduoError(error: unknown): error is KeduoError {
  return error instanceof KeduoError;
}
