export * from "./aggregate-query.ts";
export * from "./check-aggregate.ts";
