import type { FormulaContext, MetadataSnapshot } from "@keduo/core";
import type { Schemas } from "../../db/database.ts";
import type { AccessContext, GuardedWrite, ReaderScope } from "../access/index.ts";
import { formulaSqlOf } from "./formula-columns.ts";

/**
 * The reader as the access layer asks about it: its rights, one clock reading, and how formula fields and
 * filter criteria compile for it — which the records module owns and hands down.
 */
export function readerScope(
  access: AccessContext,
  snapshot: MetadataSnapshot,
  schemas: Schemas,
  context: FormulaContext,
): ReaderScope {
  return {
    access,
    snapshot,
    schemas,
    today: context.today,
    timeZone: context.timeZone,
    formulaSql: formulaSqlOf(snapshot, schemas, context, access),
  };
}

/** The writer of a write as a reader: what they may point at is what they may read in its transaction. */
export function writerScope(write: GuardedWrite, schemas: Schemas, timeZone: string): ReaderScope {
  const context = { now: write.now, today: write.today, timeZone };
  return readerScope(write.access, write.snapshot, schemas, context);
}
