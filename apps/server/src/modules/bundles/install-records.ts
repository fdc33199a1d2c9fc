import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";

/** What a bundle installed of one item (migration 015). */
export interface InstalledItem {
  kind: string;
  key: string;
  sourceChecksum: string;
  installedChecksum: string;
}

const table = (schemas: Schemas, name: string) => sql.id(schemas.system, name);
const recordKey = (kind: string, key: string) => `${kind}\u0000${key}`;

export async function loadInstalledItems(
  trx: Trx,
  schemas: Schemas,
  bundle: string,
): Promise<Map<string, InstalledItem>> {
  const { rows } = await sql<{
    kind: string;
    key: string;
    source_checksum: string;
    installed_checksum: string;
  }>`SELECT kind, key, source_checksum, installed_checksum FROM ${table(schemas, "bundle_items")}
     WHERE bundle = ${bundle}`.execute(trx);
  return new Map(
    rows.map((row) => [
      recordKey(row.kind, row.key),
      {
        kind: row.kind,
        key: row.key,
        sourceChecksum: row.source_checksum,
        installedChecksum: row.installed_checksum,
      },
    ]),
  );
}

export function installedItem(records: Map<string, InstalledItem>, kind: string, key: string) {
  return records.get(recordKey(kind, key));
}

export async function saveInstall(
  trx: Trx,
  schemas: Schemas,
  install: {
    bundle: string;
    version: string;
    appliedAt: Date;
    appliedBy: string | null;
    metaVersion: number;
    items: InstalledItem[];
  },
): Promise<void> {
  await sql`INSERT INTO ${table(schemas, "bundle_installs")} (bundle, version, applied_at, applied_by, meta_version)
    VALUES (${install.bundle}, ${install.version}, ${install.appliedAt}, ${install.appliedBy}, ${install.metaVersion})
    ON CONFLICT (bundle) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at,
      applied_by = EXCLUDED.applied_by, meta_version = EXCLUDED.meta_version`.execute(trx);
  for (const item of install.items) {
    await sql`INSERT INTO ${table(schemas, "bundle_items")}
        (bundle, kind, key, source_checksum, installed_checksum, installed_version)
      VALUES (${install.bundle}, ${item.kind}, ${item.key}, ${item.sourceChecksum}, ${item.installedChecksum}, ${install.version})
      ON CONFLICT (bundle, kind, key) DO UPDATE SET source_checksum = EXCLUDED.source_checksum,
        installed_checksum = EXCLUDED.installed_checksum, installed_version = EXCLUDED.installed_version`.execute(
      trx,
    );
  }
}

/** The bundles ever applied to this installation (each once, at the version last applied). */
export async function loadBundleInstalls(
  db: Db,
  schemas: Schemas,
): Promise<Array<{ bundle: string; version: string; appliedAt: Date }>> {
  const { rows } = await sql<{ bundle: string; version: string; applied_at: Date }>`
    SELECT bundle, version, applied_at FROM ${table(schemas, "bundle_installs")} ORDER BY applied_at`.execute(
    db,
  );
  return rows.map((row) => ({ bundle: row.bundle, version: row.version, appliedAt: row.applied_at }));
}
