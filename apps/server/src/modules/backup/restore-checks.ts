import type { Engine, Schemas } from "../../db/database.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";

/** Refuses a backup that cannot be restored into the configured installation, saying why. */
export function assertRestorable(
  manifest: BackupManifest,
  target: { engine: Engine; schemas: Schemas },
  latestMigration: number,
): void {
  if (manifest.engine !== target.engine) {
    throw new BackupRefusedError(
      manifest.engine === "pglite"
        ? "This is a backup of the embedded database (PGlite); restore it with KEDUO_DATA_DIR set and DATABASE_URL unset."
        : "This is a backup of a PostgreSQL database; restore it with DATABASE_URL set to an empty PostgreSQL database.",
    );
  }
  if (
    manifest.schemas.system !== target.schemas.system ||
    manifest.schemas.workspace !== target.schemas.workspace
  ) {
    const prefix = manifest.schemas.system.replace(/keduo$/, "");
    throw new BackupRefusedError(
      `This backup holds the schemas ${manifest.schemas.system} and ${manifest.schemas.workspace}; ` +
        `set KEDUO_SCHEMA_PREFIX=${prefix} to restore it.`,
    );
  }
  if (manifest.migration > latestMigration) {
    throw new BackupRefusedError(
      `This backup comes from a newer Keduo (database migration ${manifest.migration}; this version knows up to ` +
        `${latestMigration}). Restore it with that version or a newer one.`,
    );
  }
}
