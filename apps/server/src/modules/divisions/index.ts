export { createDivisionLookup, type DivisionLookup } from "./division-lookup.ts";
export { registerDivisionRoutes } from "./divisions.routes.ts";
