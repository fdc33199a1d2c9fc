import { KeduoError } from "@keduo/core";
import type { FastifyRequest } from "fastify";

/**
 * Refuses a path or query parameter that schema validation turned into Infinity or NaN. Ajv's type coercion
 * makes `?limit=1e309` the number Infinity and then skips `maximum`, so the value would reach SQL as
 * "Infinity" (a 500 from PostgreSQL). One check after validation covers every route's numeric parameters.
 */
export async function refuseNonFiniteNumbers(request: FastifyRequest): Promise<void> {
  const issues = [...nonFinite(request.params, "params"), ...nonFinite(request.query, "querystring")].map(
    (field) => ({ field, code: "invalid_value", params: { reason: "must be a finite number" } }),
  );
  if (issues.length > 0) throw new KeduoError("VALIDATION_FAILED", { issues });
}

function nonFinite(values: unknown, prefix: string): string[] {
  if (!values || typeof values !== "object") return [];
  return Object.entries({ ...values })
    .filter(([, value]) => typeof value === "number" && !Number.isFinite(value))
    .map(([key]) => `${prefix}.${key}`);
}
