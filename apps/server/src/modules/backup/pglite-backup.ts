import { randomBytes } from "node:crypto";
import { constants, existsSync } from "node:fs";
import { cp, mkdir, readdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pipeline, Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { acquireDataDirLock, DataDirLockedError } from "../../db/data-dir-lock.ts";
import type { Database, Schemas } from "../../db/database.ts";
import { startPgliteHost } from "../../db/pglite-host.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";
import { extractTar, packDirectory } from "./tar.ts";

/**
 * A PGlite backup is a file-level copy of its data directory taken while nothing can write to it: the
 * caller holds the pool's only connection (ADR 0002), so no statement runs; a CHECKPOINT first puts every
 * committed change into the data files. The copy (a reflink where the file system can) is what makes the
 * pause short; archiving and compressing it happens after the database is released. See ADR 0011.
 */

export function hasPgliteData(dataDir: string): boolean {
  return existsSync(join(dataDir, "pg", "PG_VERSION"));
}

function gzip(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  // pipeline (callback form) returns the last stream and destroys it with the first error of any stage.
  return pipeline(Readable.from(source), createGzip({ level: 6 }), () => {});
}

export async function pgliteSnapshot(options: {
  database: Database;
  dataDir: string;
  now: Date;
}): Promise<{ manifest: BackupManifest; payload: AsyncIterable<Buffer> }> {
  const { database } = options;
  const dataDir = resolve(options.dataDir);
  const staging = join(dataDir, `.snapshot-${randomBytes(4).toString("hex")}`);
  let migration = 0;
  let major = 0;
  const client = await database.pool.connect();
  try {
    await client.query("CHECKPOINT");
    const version = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    major = Math.floor(Number(version.rows[0]!.v) / 10_000);
    const { rows } = await client.query<{ id: number | null }>(
      `SELECT max(id) AS id FROM ${pg.escapeIdentifier(database.schemas.system)}.migrations`,
    );
    migration = rows[0]?.id ?? 0;
    await mkdir(staging);
    await cp(join(dataDir, "pg"), join(staging, "pg"), { recursive: true, mode: constants.COPYFILE_FICLONE });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    client.release();
  }
  const manifest: BackupManifest = {
    format: "keduo-backup",
    created_at: options.now.toISOString(),
    engine: "pglite",
    payload: "pglite-data-dir-tar-gzip",
    schemas: database.schemas,
    migration,
    postgres_major: major,
  };
  async function* payload(): AsyncGenerator<Buffer> {
    try {
      yield* gzip(packDirectory(join(staging, "pg"), "pg"));
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return { manifest, payload: payload() };
}

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
}

/**
 * Unpacks into a staging directory beside the live one, opens it once to check it, and only then swaps it
 * in; the data-directory lock is held throughout, so no server can start on a half-restored directory.
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
  const staging = join(dataDir, `.restore-${tag}`);
  try {
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
    const replaced = join(dataDir, `.replaced-${tag}`);
    if (existsSync(live)) await rename(live, replaced);
    await rename(join(staging, "pg"), live);
    await rm(replaced, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
    lock.release();
  }
}
