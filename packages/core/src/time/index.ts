export * from "./clock.ts";
export * from "./relative-dates.ts";
export * from "./zoned.ts";
