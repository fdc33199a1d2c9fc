/** One field-level problem of an RFC 9457 problem+json answer (docs/errors.md). */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** An error answer of the API, or a network failure (`code` NETWORK_ERROR, status 0). */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === "string" ? body.detail : "";
    const title = typeof body.title === "string" ? body.title : `HTTP ${status}`;
    super(detail || title);
    this.name = "ProblemError";
    this.status = status;
    this.body = body;
    this.code = typeof body.code === "string" ? body.code : "UNKNOWN";
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [];
  }
}

export const isProblem = (error: unknown): error is ProblemError => error instanceof ProblemError;
