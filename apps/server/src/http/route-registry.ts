import type { RouteOptions } from "fastify";
import type { RouteAccess } from "../modules/access/index.ts";

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  summary: string;
  tags: string[];
  schema: RouteOptions["schema"];
}

/** Every route the app registered, for the OpenAPI document and the route-access test. */
export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];

  /** Fails the start of the app when a route forgets to say who may call it (private by default is not enough: say it). */
  record(route: RouteOptions): void {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url === "*" || route.url === "/*") return;
    if (!access) throw new Error(`route ${methods.join(",")} ${route.url} has no access declaration`);
    for (const method of methods) {
      if (method === "HEAD") continue;
      this.routes.push({
        method,
        url: route.url,
        access,
        summary: route.config?.summary ?? "",
        tags: route.config?.tags ?? [],
        schema: route.schema,
      });
    }
  }
}
