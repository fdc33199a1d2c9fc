import type { FastifyRequest } from "fastify";
import type { Actor } from "./org-change.ts";
import { requireAccess } from "./route-access.ts";

/** The caller of an access route as the services record them: user and address, for the audit log. */
export function actorOf(request: FastifyRequest): Actor {
  return { userId: requireAccess(request).userId, ip: request.ip };
}
