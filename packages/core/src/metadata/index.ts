export * from "./api-name.ts";
export * from "./api-name-words.ts";
export * from "./definitions.ts";
