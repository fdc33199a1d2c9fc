import type { Database } from "../../db/database.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";
import { pgliteSnapshot } from "./pglite-backup.ts";
import { postgresBackup } from "./postgres-backup.ts";

export interface BackupSource {
  manifest: BackupManifest;
  payload: AsyncIterable<Buffer>;
}

/** The connection string of a PostgreSQL database opened by `openDatabase`. */
function connectionString(database: Database): string | undefined {
  return (database.pool as unknown as { options?: { connectionString?: string } }).options?.connectionString;
}

/** A consistent backup of the open database, whichever engine it runs on (used by the API and the schedule). */
export async function backupOf(database: Database, now: Date): Promise<BackupSource> {
  if (database.engine === "postgres") {
    const url = connectionString(database);
    if (!url) throw new BackupRefusedError("The database connection string is unknown; cannot run pg_dump.");
    return postgresBackup({ url, schemas: database.schemas, now });
  }
  if (!database.dataDir) {
    throw new BackupRefusedError("This embedded database has no data directory of its own to back up.");
  }
  return pgliteSnapshot({ database, dataDir: database.dataDir, now });
}
