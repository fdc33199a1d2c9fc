import { type FieldIssue, KeduoError } from "@keduo/core";
import type { ObjectModel } from "../metadata/index.ts";

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  table?: string;
  detail?: string;
}

const isPgError = (error: unknown): error is PgError =>
  typeof error === "object" && error !== null && typeof (error as PgError).code === "string";

/**
 * Turns constraint violations the database caught (unique, foreign key, not null) into the same field errors
 * validation gives, naming the field — never the SQL, constraint or SQLSTATE.
 */
export function mapConstraintError(
  error: unknown,
  model: ObjectModel,
  options: { restoring?: boolean } = {},
): unknown {
  if (!isPgError(error)) return error;
  const fieldForConstraint = () =>
    model.object.fields.find((f) => error.constraint?.endsWith(f.id.replaceAll("-", "")));
  if (error.code === "23505") {
    const field = fieldForConstraint();
    const name = field?.apiName ?? "id";
    const issues: FieldIssue[] = [
      { field: name, code: "not_unique", params: { value: duplicateValue(error.detail) } },
    ];
    return new KeduoError(options.restoring ? "RECORD_RESTORE_CONFLICT" : "RECORD_UNIQUE_CONFLICT", {
      params: { field: name },
      issues,
    });
  }
  if (error.code === "23503") {
    const junctionField = model.fields.find((f) => error.table === `m2m_${f.id.replaceAll("-", "")}`);
    const column = junctionField?.apiName ?? /Key \(([a-z0-9_]+)\)/.exec(error.detail ?? "")?.[1] ?? "";
    const value = /=\(([^)]*)\)/.exec(error.detail ?? "")?.[1] ?? "";
    return new KeduoError("VALIDATION_FAILED", {
      issues: [{ field: column, code: "invalid_reference", params: { value } }],
    });
  }
  if (error.code === "23502" && error.column) {
    return new KeduoError("VALIDATION_FAILED", { issues: [{ field: error.column, code: "required" }] });
  }
  return error;
}

function duplicateValue(detail: string | undefined): string {
  return /=\((.*)\) already exists/.exec(detail ?? "")?.[1] ?? "";
}
