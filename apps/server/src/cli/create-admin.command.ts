import { systemClock } from "@keduo/core";
import { loadConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { createOrPromoteAdmin } from "../modules/auth/index.ts";
import { box } from "./cli-output.ts";
import { openConfiguredDatabase } from "./open-configured-database.ts";

export async function createAdminCommand(options: { email: string; password?: string; name?: string }) {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    // The admin role comes from a migration, and this may be the first command run on a new database.
    const { recovered } = await migrate(database, () => systemClock.now());
    for (const note of recovered) console.log(note);
    const result = await database.db
      .transaction()
      .execute((trx) => createOrPromoteAdmin(trx, { ...options, now: systemClock.now() }));
    if (!result.created) {
      const password = options.password ? " and set the new password (their sessions were ended)" : "";
      console.log(`${result.email} already existed: gave them the admin role${password}.`);
    } else if (result.generatedPassword) {
      console.log(
        box([`Created admin ${result.email}`, `password: ${result.generatedPassword}`, "Shown only once."]),
      );
    } else {
      console.log(`Created admin ${result.email}.`);
    }
  } finally {
    await database.close();
  }
}
