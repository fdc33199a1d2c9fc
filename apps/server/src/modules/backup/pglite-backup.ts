import { randomBytes } from "node:crypto";
import { constants, existsSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pipeline, Readable } from "node:stream";
import { createGzip } from "node:zlib";
import pg from "pg";
import { SNAPSHOT_PREFIX } from "../../db/data-dir-recovery.ts";
import type { Database } from "../../db/database.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { packDirectory } from "./tar.ts";
import { pauseForTestAt } from "./test-pause-point.ts";

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
  const staging = join(dataDir, `${SNAPSHOT_PREFIX}${randomBytes(4).toString("hex")}`);
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
    await pauseForTestAt("backup:after-snapshot");
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
