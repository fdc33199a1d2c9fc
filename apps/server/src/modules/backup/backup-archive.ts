import { createHash } from "node:crypto";
import type { Schemas } from "../../db/database.ts";
import {
  BackupPassphraseError,
  decryptStream,
  encryptStream,
  FORMAT_VERSION,
  MAGIC,
  TYPE_ENCRYPTED,
  TYPE_PLAIN,
} from "./backup-crypto.ts";
import { BackupFormatError, ByteReader } from "./byte-reader.ts";

/**
 * A Keduo backup archive: "KDBACKUP" | version 1 | "P" | u32 manifest length | manifest JSON |
 * frames (u32 length, bytes)… | u32 0 | SHA-256 of manifest and payload. The manifest says what the
 * payload is and where it may be restored; the end frame and digest make a truncated or damaged file
 * fail the check that runs before any restore. An encrypted backup is this archive inside the envelope
 * of backup-crypto.ts.
 */

export type BackupEngine = "postgres" | "pglite";

export interface BackupManifest {
  format: "keduo-backup";
  created_at: string;
  engine: BackupEngine;
  /** `pg_dump -Fc` of the Keduo schemas, or a gzipped tar of the PGlite data directory. */
  payload: "pg_dump-custom" | "pglite-data-dir-tar-gzip";
  schemas: Schemas;
  /** The newest system migration applied in the backed-up database. */
  migration: number;
  /** Major version of the PostgreSQL that wrote it (the server, or PGlite's built-in one). */
  postgres_major: number;
  /** Major version of the pg_dump that wrote the payload (PostgreSQL backups only). */
  pg_dump_major?: number;
}

const MAX_MANIFEST = 64 * 1024;
const MAX_FRAME = 16 * 1024 * 1024;
const FRAME = 1024 * 1024;

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}

/** Frames a payload stream into a plain archive (streaming; frames of at most 1 MiB). */
export async function* writeArchive(
  manifest: BackupManifest,
  payload: AsyncIterable<Uint8Array>,
): AsyncGenerator<Buffer> {
  const json = Buffer.from(JSON.stringify(manifest), "utf8");
  const hash = createHash("sha256").update(json);
  yield Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION, TYPE_PLAIN]), u32(json.length), json]);
  for await (const chunk of payload) {
    for (let start = 0; start < chunk.byteLength; start += FRAME) {
      const part = Buffer.from(
        chunk.buffer,
        chunk.byteOffset + start,
        Math.min(FRAME, chunk.byteLength - start),
      );
      hash.update(part);
      yield Buffer.concat([u32(part.length), part]);
    }
  }
  yield Buffer.concat([u32(0), hash.digest()]);
}

/** The archive, encrypted when a passphrase is given. */
export function backupStream(
  manifest: BackupManifest,
  payload: AsyncIterable<Uint8Array>,
  passphrase: string | null,
): AsyncIterable<Buffer> {
  const archive = writeArchive(manifest, payload);
  return passphrase ? encryptStream(archive, passphrase) : archive;
}

export interface OpenedBackup {
  manifest: BackupManifest;
  encrypted: boolean;
  /** The payload; throws at the end when the digest does not match (read it to the end). */
  payload: AsyncGenerator<Buffer>;
}

/** Reads the header and manifest of a backup (decrypting it when it is encrypted). */
export async function openBackup(
  source: AsyncIterable<Uint8Array>,
  passphrase: string | null,
): Promise<OpenedBackup> {
  const outer = new ByteReader(source);
  const start = await outer.peek(10);
  if (start.length < 10 || !start.subarray(0, 8).equals(MAGIC)) {
    throw new BackupFormatError("This file is not a Keduo backup.");
  }
  let reader = outer;
  const encrypted = start[9] === TYPE_ENCRYPTED;
  if (encrypted) {
    if (!passphrase) {
      throw new BackupPassphraseError(
        "This backup is encrypted: give its passphrase with --passphrase-file <file> or KEDUO_BACKUP_PASSPHRASE.",
      );
    }
    reader = new ByteReader(decryptStream(outer, passphrase));
  }
  const head = await reader.read(10, "archive header");
  if (!head.subarray(0, 8).equals(MAGIC) || head[9] !== TYPE_PLAIN) {
    throw new BackupFormatError("This file is not a Keduo backup.");
  }
  if (head[8] !== FORMAT_VERSION) {
    throw new BackupFormatError(
      `This backup uses format version ${head[8]}; this Keduo reads version ${FORMAT_VERSION}. Use a newer Keduo.`,
    );
  }
  const length = (await reader.read(4, "archive header")).readUInt32BE(0);
  if (length > MAX_MANIFEST) throw new BackupFormatError("The backup's manifest is damaged.");
  const json = await reader.read(length, "manifest");
  const manifest = parseManifest(json);
  const hash = createHash("sha256").update(json);
  async function* payload(): AsyncGenerator<Buffer> {
    for (;;) {
      const size = (await reader.read(4, "backup data")).readUInt32BE(0);
      if (size === 0) break;
      if (size > MAX_FRAME) throw new BackupFormatError("The backup is damaged (frame length).");
      const part = await reader.read(size, "backup data");
      hash.update(part);
      yield part;
    }
    const digest = await reader.read(32, "backup checksum");
    if (!digest.equals(hash.digest())) {
      throw new BackupFormatError("The backup is damaged: its checksum does not match its contents.");
    }
    if (!(await reader.atEnd())) throw new BackupFormatError("The backup has unexpected data after its end.");
  }
  return { manifest, encrypted, payload: payload() };
}

function parseManifest(json: Buffer): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(json.toString("utf8"));
  } catch {
    throw new BackupFormatError("The backup's manifest is damaged.");
  }
  const m = value as Partial<BackupManifest> | null;
  const valid =
    m?.format === "keduo-backup" &&
    (m.engine === "postgres" || m.engine === "pglite") &&
    typeof m.schemas?.system === "string" &&
    typeof m.schemas.workspace === "string" &&
    Number.isInteger(m.migration) &&
    Number.isInteger(m.postgres_major);
  if (!valid) throw new BackupFormatError("The backup's manifest is damaged or from an unknown tool.");
  return m as BackupManifest;
}
