import type { Schemas } from "../../db/database.ts";
import type { MetadataGuard } from "../metadata/index.ts";
import { deleteLayout } from "./layout-rows.ts";

/**
 * Layouts follow field changes by themselves (serving drops what is gone and appends what is new), so only
 * an object's deletion concerns them: its layout goes with it, in the same metadata transaction.
 */
export function layoutsGuard(schemas: Schemas): MetadataGuard {
  return {
    async beforeObjectDelete(change, object) {
      await deleteLayout(change.trx, schemas, object.apiName);
    },
  };
}
