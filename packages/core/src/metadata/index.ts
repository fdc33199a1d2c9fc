export * from "./api-name.ts";
export * from "./definitions.ts";
