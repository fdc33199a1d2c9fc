import type { EffectivePermissions, FieldDefinition, MetadataSnapshot, ObjectDefinition } from "@keduo/core";
import type { RawBuilder } from "kysely";
import type { Trx } from "../../db/database.ts";

/**
 * What this module reads of the modules above it, declared here structurally (like `StoredFormulaWrite`):
 * metadata checks formula fields with this module, so importing metadata or access back would close an import
 * cycle. An `AccessContext` is a `FormulaReader`; a `FormulaMetadataGuard` is a `MetadataGuard`.
 */
export interface FormulaReader {
  kind: "user" | "system";
  roleIds: readonly string[];
  permissions: EffectivePermissions;
  snapshot: MetadataSnapshot;
}

/** The part of a metadata guard (metadata/metadata-guards.ts) the formula guards implement. */
export interface FormulaMetadataGuard {
  beforeFieldChange?(
    change: { snapshot: MetadataSnapshot },
    field: { object: ObjectDefinition; before: FieldDefinition; after: FieldDefinition },
  ): Promise<void>;
  afterChange?(
    change: { trx: Trx; snapshot: MetadataSnapshot; run(statements: RawBuilder<unknown>[]): Promise<void> },
    after: MetadataSnapshot,
  ): Promise<void>;
}
