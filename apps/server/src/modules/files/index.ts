export type { BlobStore } from "./blob-store.ts";
export { decodeFileNameHeader } from "./file-name.ts";
export {
  createFileStorage,
  DEFAULT_MAX_FILE_BYTES,
  type FileStorage,
  type FileStorageDeps,
  type NewFile,
  type StoredFile,
} from "./file-storage.ts";
export { createPgBlobStore } from "./pg-blob-store.ts";
