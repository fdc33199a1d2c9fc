import { resolve } from "node:path";
import { loadConfig } from "../config.ts";
import { schemasFor } from "../db/database.ts";
import { MIGRATIONS } from "../db/migrations/index.ts";
import {
  assertRestorable,
  backupFilePayload,
  pgliteRestore,
  postgresRestore,
  readPassphrase,
  verifyBackupFile,
} from "../modules/backup/index.ts";

export interface RestoreCommandOptions {
  file: string;
  passphraseFile?: string;
  force?: boolean;
}

export async function restoreCommand(options: RestoreCommandOptions): Promise<void> {
  const config = loadConfig();
  const passphrase = await readPassphrase(options.passphraseFile);
  const file = resolve(options.file);
  // Every byte is checked (and decrypted) before anything is touched: a damaged file or a wrong
  // passphrase fails here and changes nothing.
  const manifest = await verifyBackupFile(file, passphrase);
  console.log(
    `Checked ${file}: ${manifest.engine === "pglite" ? "embedded database" : "PostgreSQL"} backup of ` +
      `${manifest.created_at}, migration ${manifest.migration}.`,
  );
  const schemas = schemasFor(config.schemaPrefix);
  const latest = Math.max(0, ...MIGRATIONS.map((migration) => migration.id));
  assertRestorable(manifest, { engine: config.databaseUrl ? "postgres" : "pglite", schemas }, latest);
  const openPayload = () => backupFilePayload(file, passphrase);
  const force = options.force ?? false;
  const say = (message: string) => console.log(message);
  if (config.databaseUrl) {
    await postgresRestore({ url: config.databaseUrl, schemas, manifest, force, openPayload, say });
    console.log("Restored into the PostgreSQL database. Start Keduo with `keduo start`.");
  } else {
    await pgliteRestore({ dataDir: config.dataDir, manifest, force, openPayload, say });
    console.log(`Restored into ${resolve(config.dataDir)}. Start Keduo with \`keduo start\`.`);
  }
  if (manifest.migration < latest) {
    console.log(`The backup is at migration ${manifest.migration}; the next start applies the newer ones.`);
  }
}
