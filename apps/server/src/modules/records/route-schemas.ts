import type { FastifyRequest } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { Actor } from "./record-writes.ts";

// What the record route files share: their parameters (types and JSON Schemas), tag and writing actor.

export type Params = { object: string };
export type RecordParams = { object: string; id: string };

/** The OpenAPI tag of every record route. */
export const tags = ["records"];

/** Who writes through a record route: the caller's access, and where the request came from. */
export const actor = (request: FastifyRequest): Actor => ({
  access: requireAccess(request),
  origin: { ip: request.ip, via: request.principal?.via ?? "system" },
});

/** JSON Schema of a uuid path parameter or body id. */
export const uuid = { type: "string", format: "uuid" } as const;

export const objectParams = {
  type: "object",
  properties: { object: { type: "string", maxLength: 64 } },
  required: ["object"],
} as const;

export const recordParams = {
  type: "object",
  properties: { object: { type: "string", maxLength: 64 }, id: uuid },
  required: ["object", "id"],
} as const;
