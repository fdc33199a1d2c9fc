import { KeduoError } from "@keduo/core";
import type { FastifyRequest } from "fastify";
import type { Principal } from "../access/index.ts";

/** The caller of a non-public route (the access check has already run; this narrows the type). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new KeduoError("UNAUTHENTICATED");
  return request.principal;
}
