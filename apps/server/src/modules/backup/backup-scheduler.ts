import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Clock, zonedDate, zonedParts } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import { backupStream } from "./backup-archive.ts";
import { BACKUP_FILE_PATTERN, backupFileName, writeBackupFile } from "./backup-file.ts";
import { claimRun, readSchedule, writeRunState } from "./backup-settings.ts";
import { backupOf } from "./backup-source.ts";

export interface ScheduledRun {
  date: string;
  file: string | null;
  error: string | null;
  deleted: string[];
}

export interface BackupScheduler {
  /** Makes today's backup if it is due and no instance made it yet; null when nothing was due. */
  runDue(): Promise<ScheduledRun | null>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/**
 * Daily backups at the configured time in the organisation time zone. Checked once a minute; a day's
 * backup is due from its time until midnight, so a server that was down at 02:00 still makes it when it
 * comes back that day. The clock is the server's injectable clock, so tests move time instead of waiting.
 */
export function createBackupScheduler(deps: {
  database: Database;
  clock: Clock;
  timeZone: string;
  passphrase: string | null;
  log?: (message: string, error?: unknown) => void;
}): BackupScheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<ScheduledRun | null> | null = null;

  async function prune(directory: string, keep: number): Promise<string[]> {
    const names = (await readdir(directory)).filter((name) => BACKUP_FILE_PATTERN.test(name)).sort();
    const doomed = names.slice(0, Math.max(0, names.length - keep));
    for (const name of doomed) await rm(join(directory, name), { force: true });
    return doomed;
  }

  async function run(): Promise<ScheduledRun | null> {
    const { database, clock, timeZone } = deps;
    const schedule = await readSchedule(database.db);
    if (!schedule.enabled || !schedule.directory) return null;
    const now = clock.now();
    const parts = zonedParts(now, timeZone);
    const local = `${String(parts.hour).padStart(2, "0")}:${String(parts.minute).padStart(2, "0")}`;
    if (local < schedule.time) return null;
    const date = zonedDate(now, timeZone);
    if (!(await claimRun(database.db, date))) return null;
    const result: ScheduledRun = { date, file: null, error: null, deleted: [] };
    try {
      const source = await backupOf(database, now);
      const file = join(schedule.directory, backupFileName(now));
      await writeBackupFile(file, backupStream(source.manifest, source.payload, deps.passphrase));
      result.file = file;
      result.deleted = await prune(schedule.directory, schedule.retention);
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
      deps.log?.("scheduled backup failed", error);
    }
    await writeRunState(database.db, {
      date,
      finished_at: clock.now().toISOString(),
      file: result.file,
      error: result.error,
    });
    return result;
  }

  function runDue(): Promise<ScheduledRun | null> {
    // One check at a time in this process (a slow backup must not overlap the next minute's check).
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    runDue,
    start(intervalMs = 60_000) {
      if (timer) return;
      timer = setInterval(() => {
        runDue().catch((error: unknown) => deps.log?.("backup schedule check failed", error));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => null);
    },
  };
}
