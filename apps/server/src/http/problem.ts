import {
  FIELD_ISSUE_MESSAGES,
  findErrorDefinition,
  interpolate,
  isKeduoError,
  KeduoError,
  type Locale,
} from "@keduo/core";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: Array<{ field: string; code: string; message: string }>;
  [extension: string]: unknown;
}

export function renderProblem(error: KeduoError, locale: Locale, instance?: string): ProblemDocument {
  const definition = findErrorDefinition(error.code) ?? findErrorDefinition("INTERNAL_ERROR")!;
  const params = { count: error.issues.length, ...error.params };
  const problem: ProblemDocument = {
    type: `https://keduo.dev/errors/${error.code.toLowerCase().replaceAll("_", "-")}`,
    title: definition.title[locale],
    status: definition.status,
    detail: interpolate(definition.detail[locale], params),
    code: error.code,
    ...error.extra,
  };
  if (instance) problem.instance = instance;
  if (error.issues.length) {
    problem.errors = error.issues.map((issue) => {
      const template = issue.message?.[locale] ?? FIELD_ISSUE_MESSAGES[issue.code]?.[locale] ?? issue.code;
      return { field: issue.field, code: issue.code, message: interpolate(template, issue.params) };
    });
  }
  return problem;
}

/** Maps framework errors (body parsing, size limits, schema validation) onto catalog codes. */
function fromFrameworkError(error: FastifyError, request: FastifyRequest): KeduoError | null {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new KeduoError("PAYLOAD_TOO_LARGE", { params: { limit: request.routeOptions.bodyLimit ?? "" } });
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new KeduoError("UNSUPPORTED_MEDIA_TYPE", { params: { type: "" } });
    // A path Fastify cannot decode (`/assets/%ZZ`) or a parameter over its length limit.
    case "FST_ERR_BAD_URL":
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new KeduoError("BAD_REQUEST", { params: { reason: "invalid URL" } });
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new KeduoError("BAD_REQUEST", { params: { reason: "empty or invalid body" } });
    default:
      break;
  }
  if (error.validation) {
    return new KeduoError("VALIDATION_FAILED", {
      issues: error.validation.map((v) => {
        const path = (v.instancePath || "").replace(/^\//, "").replaceAll("/", ".");
        const missing = (v.params as { missingProperty?: string }).missingProperty;
        const field = [error.validationContext === "body" ? "" : error.validationContext, path, missing]
          .filter(Boolean)
          .join(".");
        return {
          field: field || String(error.validationContext ?? ""),
          code: missing ? "required" : "invalid_value",
          params: { reason: v.message ?? "" },
        };
      }),
    });
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && error.code?.startsWith("FST_ERR_CTP"))) {
    return new KeduoError("BAD_REQUEST", { params: { reason: "invalid JSON" } });
  }
  if (error.statusCode === 429) {
    return new KeduoError("RATE_LIMITED", { params: { retry_after: 60 } });
  }
  return null;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = isKeduoError(error) ? error : fromFrameworkError(error, request);
  const keduoError = known ?? new KeduoError("INTERNAL_ERROR", { params: { request_id: request.id } });
  // The path alone: the query string is the caller's input (a filter, a cursor) and is not echoed back.
  const problem = renderProblem(keduoError, request.locale, request.url.split("?")[0]);
  if (!known) {
    request.log.error({ err: error }, "unexpected error");
    if (process.env.KEDUO_DEBUG_ERRORS) console.error(error);
  } else if (problem.status >= 500) {
    request.log.warn({ code: keduoError.code }, "operational error");
  }
  if (keduoError.code === "RATE_LIMITED")
    reply.header("retry-after", String(keduoError.params.retry_after ?? 60));
  // Refused while the client is still sending (a streamed upload past its cap): close the connection rather
  // than read the rest of a body nobody wants — Node would otherwise drain it, however long it is.
  if (!request.raw.complete) reply.header("connection", "close");
  // Never echo internal messages: only the catalog's text reaches the client.
  return reply.status(problem.status).type("application/problem+json; charset=utf-8").send(problem);
}
