import type { FieldDefinition, FieldIssue, MetadataSnapshot } from "@keduo/core";
import type { Trx } from "../../db/database.ts";
import type { ObjectModel } from "../metadata/index.ts";
import type { AccessContext } from "./access-context.ts";

/**
 * The record-write operations access rules on. The records write pipeline has exactly these; a new one
 * fails to type-check at hook registration until access says which right it needs.
 */
export type GuardedOperation = "create" | "update" | "transfer" | "delete" | "restore" | "claim";

/**
 * What the access hooks see of a record write: the records module's write context, described structurally
 * here because access sits below records and must not import it (the records context satisfies this type).
 */
export interface GuardedWrite {
  trx: Trx;
  snapshot: MetadataSnapshot;
  model: ObjectModel;
  operation: GuardedOperation;
  /** The caller's rights, rebuilt against this transaction's metadata version. */
  access: AccessContext;
  now: Date;
  /** Org-time-zone calendar date "YYYY-MM-DD". */
  today: string;
  records: ReadonlyArray<GuardedRecord>;
  /** Field problems found by a validate-stage hook; the write stops with all of them. */
  issues: FieldIssue[];
}

export interface GuardedRecord {
  id: string;
  /** `records.3.` in a bulk call, "" for a single record: prefix for field error paths. */
  path: string;
  input: {
    columns: Readonly<Record<string, unknown>>;
    manyToMany: ReadonlyMap<FieldDefinition, readonly string[]>;
  };
  /** The stored row an update changes; null for a create. */
  before: Readonly<Record<string, unknown>> | null;
}
