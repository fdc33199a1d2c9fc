import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { DivisionLookup } from "../divisions/index.ts";
import { MetadataService } from "./metadata.service.ts";
import "./metadata.errors.ts";

export type { FieldFills, PendingFill } from "./field-fills.ts";
export { loadSnapshot } from "./load-snapshot.ts";
export { findFieldOrThrow, findObjectOrThrow, throwIfIssues } from "./lookup.ts";
export { MetadataService } from "./metadata.service.ts";
export type { FieldChange, MetadataGuard } from "./metadata-guards.ts";
export type { MetadataChange } from "./metadata-transaction.ts";
export { modelFor, modelOrThrow, type ObjectModel, objectModel } from "./object-model.ts";
export { inverseRelationsOf } from "./relations.ts";
export { serializeField, serializeObject } from "./serialize.ts";

export function createMetadataService(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  divisions: DivisionLookup;
}): MetadataService {
  return new MetadataService(deps);
}
export { apiNameFromLabels } from "./api-names.ts";
