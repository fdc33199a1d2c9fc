import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { acquireDataDirLock, DataDirLockedError } from "../../db/data-dir-lock.ts";
import {
  REPLACED_PREFIX,
  RESTORE_PREFIX,
  recoverDataDir,
  removeRestoreJournal,
  writeRestoreJournal,
} from "../../db/data-dir-recovery.ts";
import type { Schemas } from "../../db/database.ts";
import { startPgliteHost } from "../../db/pglite-host.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";
import { extractTar } from "./tar.ts";
import { pauseForTestAt } from "./test-pause-point.ts";

/** Checks that a restored data directory opens and holds the backed-up installation. */
async function checkDataDir(pgDir: string, schemas: Schemas): Promise<number> {
  const host = await startPgliteHost(pgDir, 2);
  try {
    const client = new pg.Client({ host: host.socketDir, database: "postgres", user: "postgres" });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: number | null }>(
        `SELECT max(id) AS id FROM ${pg.escapeIdentifier(schemas.system)}.migrations`,
      );
      return rows[0]?.id ?? 0;
    } finally {
      await client.end();
    }
  } finally {
    await host.stop();
  }
}

export interface PgliteRestoreOptions {
  dataDir: string;
  manifest: BackupManifest;
  force: boolean;
  openPayload: () => Promise<AsyncIterable<Buffer>>;
  /** Tells the operator what settling an earlier, interrupted restore or backup did. */
  say: (message: string) => void;
}

/**
 * Unpacks into `.restore-<hex>` beside the live `pg`, opens it once to check it, writes the restore journal
 * (the commit point) and only then swaps it in. The data-directory lock is held throughout, so no server can
 * start on a half-restored directory, and a restore killed at any step is settled by the next process that
 * takes the lock (db/data-dir-recovery.ts): before the journal the old database stays, after it the backup
 * is put in place (ADR 0016).
 */
export async function pgliteRestore(options: PgliteRestoreOptions): Promise<void> {
  const dataDir = resolve(options.dataDir);
  let lock: { release(): void };
  try {
    lock = acquireDataDirLock(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    throw new BackupRefusedError(
      `${error.message}\nA restore replaces the data directory, so Keduo must not be running on it: stop the server, then restore.`,
    );
  }
  const live = join(dataDir, "pg");
  const tag = randomBytes(4).toString("hex");
  const staging = join(dataDir, `${RESTORE_PREFIX}${tag}`);
  let journaled = false;
  try {
    for (const note of await recoverDataDir(dataDir)) options.say(note);
    const occupied = existsSync(live) && (await readdir(live)).length > 0;
    if (occupied && !options.force) {
      throw new BackupRefusedError(
        `The data directory ${dataDir} already holds a Keduo database. Restore into an empty directory ` +
          "(set KEDUO_DATA_DIR), or add --force to replace the database with the backup.",
      );
    }
    await mkdir(staging);
    const unzipped = pipeline(Readable.from(await options.openPayload()), createGunzip(), () => {});
    await extractTar(unzipped, staging);
    if (!existsSync(join(staging, "pg", "PG_VERSION"))) {
      throw new BackupRefusedError("The backup holds no PGlite data directory; nothing was restored.");
    }
    const migration = await checkDataDir(join(staging, "pg"), options.manifest.schemas);
    if (migration !== options.manifest.migration) {
      throw new BackupRefusedError(
        `The restored database is at migration ${migration}, but the backup says ${options.manifest.migration}; nothing was restored.`,
      );
    }
    await pauseForTestAt("restore:before-swap");
    journaled = true;
    await writeRestoreJournal(dataDir, {
      tag,
      backup_created_at: options.manifest.created_at,
      started_at: new Date().toISOString(),
    });
    const replaced = join(dataDir, `${REPLACED_PREFIX}${tag}`);
    if (existsSync(live)) await rename(live, replaced);
    await pauseForTestAt("restore:after-rename");
    await rename(join(staging, "pg"), live);
    await pauseForTestAt("restore:after-swap");
    await rm(replaced, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
    await removeRestoreJournal(dataDir);
  } catch (error) {
    // Before the journal nothing was touched. After it the backup is what the directory must end up with:
    // finish the swap as a start would, or leave it to the next start.
    if (!journaled) await rm(staging, { recursive: true, force: true });
    else for (const note of await recoverDataDir(dataDir).catch(() => [])) options.say(note);
    throw error;
  } finally {
    lock.release();
  }
}
