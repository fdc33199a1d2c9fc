import { isKeduoError, type MetadataSnapshot } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import { type AccessContext, restrictModel } from "../access/index.ts";
import { objectModel } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";

/** What computing an overview reads through: the records service as the reader, nothing else. */
export interface OverviewDeps {
  database: Database;
  reads: RecordsService["reads"];
  aggregates: RecordsService["aggregates"];
}

/** The fields of `object` the reader may name (null when they may not read the object at all). */
export function readableFields(access: AccessContext, snapshot: MetadataSnapshot, object: string) {
  const definition = snapshot.objects.get(object);
  if (!definition || !access.permissions.object(object).read) return null;
  return restrictModel(objectModel(definition), access).queryable;
}

/** The related records' filter: the relation pointing at the record, ANDed with the part's own filter. */
export const relatedFilter = (via: string, id: string, ...more: unknown[]) => ({
  and: [{ [via]: { eq: id } }, ...more.filter((f) => f !== undefined && f !== null)],
});

/**
 * A part the reader may not read is absent, not an error: a refusal (403) or a problem with what the part
 * names (a field hidden from them, 400) drops the part; anything else is a real failure.
 */
export async function orAbsent<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (isKeduoError(error) && (error.code === "FORBIDDEN" || error.code === "VALIDATION_FAILED"))
      return null;
    throw error;
  }
}
