export * from "./errors/index.ts";
export * from "./field-types/index.ts";
export * from "./formula/index.ts";
export * from "./i18n/index.ts";
export * from "./ids/uuid-v7.ts";
export * from "./metadata/index.ts";
export * from "./permissions/index.ts";
export * from "./time/index.ts";
