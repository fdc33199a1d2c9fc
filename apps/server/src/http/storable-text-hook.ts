import { KeduoError, unstorableTextPaths } from "@keduo/core";
import type { FastifyRequest } from "fastify";

/**
 * Refuses, before any route sees it, a request whose path parameters, query string or JSON body hold text
 * PostgreSQL cannot store (a NUL character or a lone surrogate; core `isStorableText`). One check for every
 * route — record values, labels, names, emails, search texts — that names the field like schema validation
 * does (`name`, `records.2.name`, `labels.zh-CN`, `querystring.q`, `params.file`). JSON inside a text
 * parameter (`?filter=`) is checked where it is parsed (core parseFilter); raw bodies (file and
 * import uploads) are bytes and are not looked into here.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  // Fastify's parameter and query objects are of a prototype-less class, not plain: copy their own entries.
  const fields = [
    ...unstorableTextPaths({ ...(request.params as object) }, "params"),
    ...unstorableTextPaths({ ...(request.query as object) }, "querystring"),
    ...unstorableTextPaths(request.body, ""),
  ];
  if (fields.length === 0) return;
  throw new KeduoError("VALIDATION_FAILED", {
    issues: fields.map((field) => ({ field: field || "body", code: "invalid_characters" })),
  });
}
