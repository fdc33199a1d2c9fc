export { createDivisionLookup, type DivisionLookup } from "./division-lookup.ts";
