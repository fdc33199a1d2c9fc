export * from "./catalog.ts";
export * from "./common-errors.ts";
export * from "./field-issue-messages.ts";
export * from "./keduo-error.ts";
