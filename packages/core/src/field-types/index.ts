export * from "./auto-number-type.ts";
export * from "./date-types.ts";
export * from "./field-type.ts";
export * from "./formula-type.ts";
export * from "./number-types.ts";
export * from "./reference-types.ts";
export * from "./registry.ts";
export * from "./text-types.ts";
