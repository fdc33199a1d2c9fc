import type { Locale } from "@keduo/core";
import type { AccessContext, Principal, RouteAccess } from "../modules/access/index.ts";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Required on every route: who may call it. */
    access?: RouteAccess;
    /** Short description for the OpenAPI document. */
    summary?: string;
    tags?: string[];
    /** A write route that reads definitions outside a record-write transaction needs them fresh, like a GET. */
    freshMetadata?: boolean;
  }
  interface FastifyRequest {
    locale: Locale;
    principal: Principal | null;
    /** Set for every non-public route: the caller's rights against one metadata version. */
    access: AccessContext | null;
  }
}
