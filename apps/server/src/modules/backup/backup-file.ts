import { createReadStream, createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type BackupManifest, openBackup } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";

/** keduo-backup-20260315-020000Z.kdbackup: the UTC time, so names sort by age across DST changes. */
export function backupFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `keduo-backup-${stamp}Z.kdbackup`;
}

/** The names the schedule writes: retention deletes only these. */
export const BACKUP_FILE_PATTERN = /^keduo-backup-\d{8}-\d{6}Z\.kdbackup$/;

/** Writes a backup stream to `path` through `path.partial`, so a failed backup never looks like a good one. */
export async function writeBackupFile(path: string, stream: AsyncIterable<Buffer>): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await pipeline(Readable.from(stream), createWriteStream(partial, { mode: 0o600, flags: "w" }));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Reads a whole backup file, decrypting and checking every byte; returns its manifest. */
export async function verifyBackupFile(path: string, passphrase: string | null): Promise<BackupManifest> {
  const opened = await openBackup(createReadStream(path), passphrase);
  for await (const _chunk of opened.payload) {
    // reading to the end checks the digest (and, when encrypted, every chunk's tag)
  }
  return opened.manifest;
}

/** A fresh read of the payload of a backup file (after verifyBackupFile succeeded). */
export async function backupFilePayload(
  path: string,
  passphrase: string | null,
): Promise<AsyncIterable<Buffer>> {
  return (await openBackup(createReadStream(path), passphrase)).payload;
}

export const MIN_PASSPHRASE_LENGTH = 8;

/** The passphrase from --passphrase-file (one trailing newline dropped) or KEDUO_BACKUP_PASSPHRASE. */
export async function readPassphrase(
  passphraseFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  let passphrase: string | null = null;
  if (passphraseFile) {
    try {
      passphrase = (await readFile(passphraseFile, "utf8")).replace(/\r?\n$/, "");
    } catch (error) {
      throw new BackupRefusedError(`Cannot read the passphrase file: ${(error as Error).message}`);
    }
  } else if (env.KEDUO_BACKUP_PASSPHRASE) {
    passphrase = env.KEDUO_BACKUP_PASSPHRASE;
  }
  if (passphrase !== null && passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupRefusedError(
      `The backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters.`,
    );
  }
  return passphrase;
}
