export * from "./ast.ts";
export * from "./check-filter.ts";
export * from "./checked-filter.ts";
export { FILTER_LIMITS, type FilterParseResult, parseFilter } from "./parse-filter.ts";
export * from "./print-filter.ts";
export * from "./read-filter.ts";
