import { systemClock } from "@keduo/core";
import { loadConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { openConfiguredDatabase } from "./open-configured-database.ts";

export async function migrateCommand(): Promise<void> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const result = await migrate(database, () => systemClock.now());
    for (const note of result.recovered) console.log(note);
    if (result.applied.length === 0) console.log(`The database is up to date (migration ${result.current}).`);
    for (const migration of result.applied) console.log(`applied ${migration.id} ${migration.name}`);
  } finally {
    await database.close();
  }
}
