import type { EffectivePermissions, FieldDefinition, MetadataSnapshot, ObjectDefinition } from "@keduo/core";
import type { RawBuilder } from "kysely";
import type { Trx } from "../../db/database.ts";

/**
 * What this module reads of the modules above it, declared here structurally (like `StoredFormulaWrite`):
 * metadata checks formula fields with this module, so importing metadata or access back would close an import
 * cycle. An `AccessContext` is a `FormulaReader`; a `MetadataChange` is a `FormulaMetadataChange`; a
 * `FormulaMetadataGuard` is a `MetadataGuard`. (Which formulas read something hidden is access's question:
 * `access/formula-visibility.ts`.)
 */
export interface FormulaReader {
  kind: "user" | "system";
  permissions: EffectivePermissions;
}

/** A metadata change (metadata/metadata-transaction.ts `MetadataChange`) as the stored-formula sync uses it. */
export interface FormulaMetadataChange {
  trx: Trx;
  snapshot: MetadataSnapshot;
  run(statements: RawBuilder<unknown>[]): Promise<void>;
  /** Marks a field's derived column as filling (`true`) or filled (`false`), ADR 0019. */
  setFilling(fieldId: string, filling: boolean): Promise<void>;
  afterCommit(task: () => void): void;
}

/** The fill state of derived columns (metadata/field-fills.ts `FieldFills`) a backfill reads and advances. */
export interface FormulaFieldFills {
  pending(): Promise<Array<{ objectId: string; fieldId: string }>>;
  lock(trx: Trx, fieldId: string): Promise<{ cursor: string | null } | undefined>;
  advance(trx: Trx, fieldId: string, cursor: string): Promise<void>;
}

/** The part of a metadata guard (metadata/metadata-guards.ts) the formula guards implement. */
export interface FormulaMetadataGuard {
  beforeFieldChange?(
    change: FormulaMetadataChange,
    field: { object: ObjectDefinition; before: FieldDefinition; after: FieldDefinition },
  ): Promise<void>;
  afterChange?(change: FormulaMetadataChange, after: MetadataSnapshot): Promise<void>;
}
