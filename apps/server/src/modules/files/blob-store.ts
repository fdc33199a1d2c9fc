import type { Db, Trx } from "../../db/database.ts";

/**
 * Where the bytes of a file live. The `files` row (name, type, size, hash) is always in PostgreSQL;
 * a store keeps only the content, so S3 or a shared disk is one more implementation of this interface.
 * Every app instance must see the same store: a local directory is not one.
 */
export interface BlobStore {
  /** Written to `files.storage`, so each row is read back from the store that holds it. */
  readonly kind: string;
  /** Called after the `files` row was inserted in the same transaction. */
  put(trx: Trx, id: string, bytes: Buffer): Promise<void>;
  /** Pass the caller's transaction when inside one (PGlite has a single connection). */
  get(db: Db, id: string): Promise<Buffer | null>;
  /** Called before the `files` row is deleted in the same transaction. */
  delete(trx: Trx, id: string): Promise<void>;
}
