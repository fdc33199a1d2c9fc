import { createHash } from "node:crypto";
import "./files.errors.ts";
import { type Clock, isUuid, KeduoError, uuidv7 } from "@keduo/core";
import type { Database, Db, Trx } from "../../db/database.ts";
import type { BlobStore } from "./blob-store.ts";
import { createPgBlobStore } from "./pg-blob-store.ts";

export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

/** A file's metadata as the API and record attachment fields show it. */
export interface StoredFile {
  id: string;
  name: string;
  size: number;
  content_type: string;
  /** Hex SHA-256 of the content; also the download's ETag. */
  sha256: string;
  created_at: string;
}

export interface NewFile {
  name: string;
  contentType: string;
  bytes: Buffer;
  userId: string | null;
}

export interface FileStorage {
  readonly maxBytes: number;
  save(trx: Trx, file: NewFile): Promise<StoredFile>;
  /** `save` in a transaction of its own, for an upload that stands alone. */
  saveUpload(file: NewFile): Promise<StoredFile>;
  /**
   * Metadata of many files in one query, keyed by the ids as given; unknown or malformed ids are absent.
   * Pass the caller's transaction when inside one.
   */
  describeMany(db: Db, ids: readonly string[]): Promise<Map<string, StoredFile>>;
  describe(id: string): Promise<StoredFile | null>;
  read(id: string): Promise<{ file: StoredFile; bytes: Buffer } | null>;
  /** Removes the file and its bytes; false when there was none. */
  delete(trx: Trx, id: string): Promise<boolean>;
}

export interface FileStorageDeps {
  database: Database;
  clock: Clock;
  maxBytes?: number;
  /** Where new files' bytes go; PostgreSQL unless told otherwise. */
  blobStore?: BlobStore;
}

const MEDIA_TYPE_RE = /^[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+$/;
const MAX_CONTENT_TYPE_LENGTH = 200;

const metadataColumns = ["id", "name", "size", "content_type", "sha256", "created_at"] as const;

interface MetadataRow {
  id: string;
  name: string;
  size: number;
  content_type: string;
  sha256: string;
  created_at: Date;
}

function toStoredFile(row: MetadataRow): StoredFile {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    content_type: row.content_type,
    sha256: row.sha256,
    created_at: row.created_at.toISOString(),
  };
}

/** Keeps the media type and its parameters (a text file's charset matters); anything unparsable is served as opaque bytes. */
function normalizeContentType(raw: string): string {
  const [mediaType = "", ...parameters] = raw.split(";");
  const type = mediaType.trim().toLowerCase();
  if (!MEDIA_TYPE_RE.test(type)) return "application/octet-stream";
  const full = [type, ...parameters.map((p) => p.trim()).filter(Boolean)].join("; ");
  return full.length <= MAX_CONTENT_TYPE_LENGTH ? full : type;
}

export function createFileStorage(deps: FileStorageDeps): FileStorage {
  const { database, clock } = deps;
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const pgStore = createPgBlobStore();
  const writeStore = deps.blobStore ?? pgStore;
  // Rows written before a change of backend keep naming the store that holds their bytes.
  const stores = new Map<string, BlobStore>([
    [pgStore.kind, pgStore],
    [writeStore.kind, writeStore],
  ]);

  function storeFor(kind: string): BlobStore {
    const store = stores.get(kind);
    if (!store) throw new Error(`no blob store "${kind}" is configured`);
    return store;
  }

  async function save(trx: Trx, file: NewFile): Promise<StoredFile> {
    const size = file.bytes.length;
    if (size === 0) throw new KeduoError("FILE_EMPTY");
    if (size > maxBytes) throw new KeduoError("FILE_TOO_LARGE", { params: { size, limit: maxBytes } });
    const now = clock.now();
    const row = {
      id: uuidv7(now.getTime()),
      name: file.name,
      content_type: normalizeContentType(file.contentType),
      size,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      storage: writeStore.kind,
      data: null,
      created_at: now,
      created_by: file.userId,
    };
    await trx.insertInto("files").values(row).execute();
    await writeStore.put(trx, row.id, file.bytes);
    return toStoredFile(row);
  }

  async function describeMany(db: Db, ids: readonly string[]): Promise<Map<string, StoredFile>> {
    const result = new Map<string, StoredFile>();
    // A malformed id would make PostgreSQL fail the uuid cast and abort the caller's transaction.
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return result;
    const rows = await db.selectFrom("files").select(metadataColumns).where("id", "in", wanted).execute();
    const byId = new Map(rows.map((row) => [row.id, toStoredFile(row)]));
    for (const id of ids) {
      const file = byId.get(id.toLowerCase());
      if (file) result.set(id, file);
    }
    return result;
  }

  return {
    maxBytes,
    save,
    saveUpload: (file) => database.db.transaction().execute((trx) => save(trx, file)),
    describeMany,
    async describe(id) {
      return (await describeMany(database.db, [id])).get(id) ?? null;
    },
    async read(id) {
      if (!isUuid(id)) return null;
      const row = await database.db
        .selectFrom("files")
        .select([...metadataColumns, "storage"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) return null;
      const bytes = await storeFor(row.storage).get(database.db, row.id);
      return bytes ? { file: toStoredFile(row), bytes } : null;
    },
    async delete(trx, id) {
      if (!isUuid(id)) return false;
      const row = await trx.selectFrom("files").select("storage").where("id", "=", id).executeTakeFirst();
      if (!row) return false;
      await storeFor(row.storage).delete(trx, id);
      await trx.deleteFrom("files").where("id", "=", id).execute();
      return true;
    },
  };
}
