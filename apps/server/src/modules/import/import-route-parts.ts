import type { FastifyRequest } from "fastify";
import { requireAccess } from "../access/index.ts";

/** What every import route file shares: the OpenAPI tag, the `:id` parameter, the caller's access. */
export const tags = ["imports"];
export const idParams = { type: "object", required: ["id"], properties: { id: { type: "string" } } } as const;
export const access = (request: FastifyRequest) => requireAccess(request);
