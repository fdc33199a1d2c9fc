import type { Db, Trx } from "../../db/database.ts";
import type { BlobStore } from "./blob-store.ts";

/** Keeps the bytes in `files.data`, so every app instance on the database sees them and backups include them. */
export function createPgBlobStore(): BlobStore {
  return {
    kind: "pg",
    async put(trx: Trx, id: string, bytes: Buffer) {
      const result = await trx
        .updateTable("files")
        .set({ data: bytes })
        .where("id", "=", id)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n)
        throw new Error(`files row ${id} must exist before its bytes are stored`);
    },
    async get(db: Db, id: string) {
      const row = await db
        .selectFrom("files")
        .select("data")
        .where("id", "=", id)
        .where("storage", "=", "pg")
        .executeTakeFirst();
      return row?.data ?? null;
    },
    async delete(trx: Trx, id: string) {
      await trx.updateTable("files").set({ data: null }).where("id", "=", id).execute();
    },
  };
}
