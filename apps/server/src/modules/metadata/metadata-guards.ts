import type { FieldDefinition, MetadataSnapshot, ObjectDefinition } from "@keduo/core";
import { loadSnapshot } from "./load-snapshot.ts";
import type { MetadataChange } from "./metadata-transaction.ts";

/** A field about to change: its definition before and after (`after.hidden` when it is being deleted). */
export interface FieldChange {
  object: ObjectDefinition;
  before: FieldDefinition;
  after: FieldDefinition;
}

/**
 * Definitions that depend on objects and fields (validation rules, formula fields, later layouts) belong
 * to other modules; they register a guard at startup instead of being known here. Each method runs inside
 * the metadata transaction, sees its snapshot, and refuses the change by throwing a KeduoError.
 */
export interface MetadataGuard {
  /** Before a field's settings or type change and before it is deleted (hidden). */
  beforeFieldChange?(change: MetadataChange, field: FieldChange): Promise<void>;
  /** Before an object and its table are dropped: remove what belongs to the object, or refuse. */
  beforeObjectDelete?(change: MetadataChange, object: ObjectDefinition): Promise<void>;
  /**
   * After any change's definitions and DDL, before it commits: derived storage follows the definitions as they
   * now are (`change.snapshot` is the state before). Stored formula columns are created, backfilled and dropped here.
   */
  afterChange?(change: MetadataChange, after: MetadataSnapshot): Promise<void>;
}

export class MetadataGuards {
  private readonly guards = new Map<string, MetadataGuard>();

  register(name: string, guard: MetadataGuard): void {
    if (this.guards.has(name)) throw new Error(`metadata guard ${name} is registered twice`);
    this.guards.set(name, guard);
  }

  async beforeFieldChange(change: MetadataChange, field: FieldChange): Promise<void> {
    for (const guard of this.guards.values()) await guard.beforeFieldChange?.(change, field);
  }

  async beforeObjectDelete(change: MetadataChange, object: ObjectDefinition): Promise<void> {
    for (const guard of this.guards.values()) await guard.beforeObjectDelete?.(change, object);
  }

  async afterChange(change: MetadataChange): Promise<void> {
    const guards = [...this.guards.values()].filter((guard) => guard.afterChange);
    if (guards.length === 0) return;
    const after = await loadSnapshot(change.trx);
    for (const guard of guards) await guard.afterChange?.(change, after);
  }
}
