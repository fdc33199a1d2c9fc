import type { Db, Trx } from "../../db/database.ts";

/** The schedule an administrator sets (settings key `backup.schedule`). */
export interface BackupSchedule {
  enabled: boolean;
  /** "HH:MM" in the organisation time zone. */
  time: string;
  /** Absolute directory on the server where scheduled backups are written. */
  directory: string;
  /** How many scheduled backups to keep; older ones are deleted. */
  retention: number;
}

/** What the last scheduled run did (settings key `backup.last_run`). */
export interface BackupRunState {
  /** The organisation-local date the last run was claimed for: one run per day across all instances. */
  date: string;
  finished_at: string | null;
  file: string | null;
  error: string | null;
}

export const DEFAULT_SCHEDULE: BackupSchedule = {
  enabled: false,
  time: "02:00",
  directory: "",
  retention: 7,
};
const SCHEDULE_KEY = "backup.schedule";
const STATE_KEY = "backup.last_run";

async function readSetting<T>(db: Db | Trx, key: string): Promise<T | null> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return (row?.value as T | undefined) ?? null;
}

async function writeSetting(db: Db | Trx, key: string, value: unknown): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

export async function readSchedule(db: Db): Promise<BackupSchedule> {
  return { ...DEFAULT_SCHEDULE, ...(await readSetting<BackupSchedule>(db, SCHEDULE_KEY)) };
}

export function writeSchedule(db: Db, schedule: BackupSchedule): Promise<void> {
  return writeSetting(db, SCHEDULE_KEY, schedule);
}

export function readRunState(db: Db): Promise<BackupRunState | null> {
  return readSetting<BackupRunState>(db, STATE_KEY);
}

export function writeRunState(db: Db, state: BackupRunState): Promise<void> {
  return writeSetting(db, STATE_KEY, state);
}

/**
 * Claims the run for `date` unless some instance already did: the state row is locked, so of several
 * app instances checking at once exactly one wins.
 */
export async function claimRun(db: Db, date: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("settings")
      .values({ key: STATE_KEY, value: JSON.stringify(null) })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const row = await trx
      .selectFrom("settings")
      .select("value")
      .where("key", "=", STATE_KEY)
      .forUpdate()
      .executeTakeFirst();
    if ((row?.value as BackupRunState | null | undefined)?.date === date) return false;
    const state: BackupRunState = { date, finished_at: null, file: null, error: null };
    await writeSetting(trx, STATE_KEY, state);
    return true;
  });
}
