import { existsSync } from "node:fs";
import { open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * What a killed backup or restore leaves in an embedded data directory, and how the next process that
 * takes the directory's lock settles it (ADR 0016). Only the lock holder writes these entries and they
 * never outlive it, so anything found here under the lock belongs to a process that is gone.
 *
 * - `.snapshot-<hex>`: a backup's copy of `pg` (ADR 0011); never read again.
 * - `.restore-<hex>`: a restore's unpacked backup. Complete and checked once the journal names it.
 * - `.replaced-<hex>`: the `pg` a restore moved aside.
 * - `restore-journal.json`: written (atomically) once `.restore-<hex>` is checked and before `pg` is
 *   touched. It is the restore's commit point: from then on an interrupted restore is rolled forward.
 */

export const SNAPSHOT_PREFIX = ".snapshot-";
export const RESTORE_PREFIX = ".restore-";
export const REPLACED_PREFIX = ".replaced-";
const JOURNAL = "restore-journal.json";

export interface RestoreJournal {
  /** The hex tag of `.restore-<tag>` and `.replaced-<tag>`. */
  tag: string;
  backup_created_at: string;
  started_at: string;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes the journal so that it is either absent or complete, even across a crash. */
export async function writeRestoreJournal(dataDir: string, journal: RestoreJournal): Promise<void> {
  const temporary = join(dataDir, `${JOURNAL}.tmp`);
  await writeFile(temporary, JSON.stringify(journal));
  await fsyncPath(temporary);
  await rename(temporary, join(dataDir, JOURNAL));
  await fsyncPath(dataDir);
}

export async function removeRestoreJournal(dataDir: string): Promise<void> {
  await rm(join(dataDir, JOURNAL), { force: true });
}

async function readJournal(dataDir: string): Promise<RestoreJournal | null> {
  try {
    const journal = JSON.parse(await readFile(join(dataDir, JOURNAL), "utf8")) as RestoreJournal;
    return /^[0-9a-f]+$/.test(journal.tag) ? journal : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export class UnfinishedDataDirRestoreError extends Error {
  override name = "UnfinishedDataDirRestoreError";
}

/** Finishes a journaled restore: the checked backup becomes `pg`, the old one is removed. */
async function rollForward(dataDir: string, journal: RestoreJournal): Promise<string> {
  const live = join(dataDir, "pg");
  const staged = join(dataDir, `${RESTORE_PREFIX}${journal.tag}`, "pg");
  const replaced = join(dataDir, `${REPLACED_PREFIX}${journal.tag}`);
  if (existsSync(staged)) {
    if (existsSync(live)) {
      if (existsSync(replaced)) {
        throw new UnfinishedDataDirRestoreError(
          `An interrupted restore left ${live}, ${staged} and ${replaced} in ${dataDir}; Keduo cannot tell ` +
            `which database to keep and does not start. Keep one of them as ${live}, delete the others and ` +
            `${join(dataDir, JOURNAL)}, then start again.`,
        );
      }
      await rename(live, replaced);
    }
    await rename(staged, live);
  } else if (!existsSync(live)) {
    throw new UnfinishedDataDirRestoreError(
      `An interrupted restore left ${dataDir} without its database (${live} and ${staged} are both missing). ` +
        `If ${replaced} exists, it is the database from before the restore: rename it to ${live}, delete ` +
        `${join(dataDir, JOURNAL)}, and start again; or restore a backup.`,
    );
  }
  await rm(replaced, { recursive: true, force: true });
  await rm(join(dataDir, `${RESTORE_PREFIX}${journal.tag}`), { recursive: true, force: true });
  await removeRestoreJournal(dataDir);
  return (
    `A restore of the backup of ${journal.backup_created_at} (started ${journal.started_at}) was interrupted ` +
    "after the backup had been unpacked and checked: finished it. The database is the backup."
  );
}

/**
 * Settles what a killed backup or restore left in `dataDir`. The caller holds the data-directory lock and
 * has not opened `pg` yet. Answers what it did, one line each, for the log.
 */
export async function recoverDataDir(dataDir: string): Promise<string[]> {
  if (!existsSync(dataDir)) return [];
  const notes: string[] = [];
  const journal = await readJournal(dataDir);
  if (journal) notes.push(await rollForward(dataDir, journal));
  // Whatever is left has no journal: a restore that never reached its commit point, or a backup's copy.
  await rm(join(dataDir, `${JOURNAL}.tmp`), { force: true });
  const entries = (await readdir(dataDir)).sort();
  const replaced = entries.filter((name) => name.startsWith(REPLACED_PREFIX));
  const live = join(dataDir, "pg");
  if (!existsSync(live) && replaced.length === 1) {
    // Only an older Keduo (before the journal) could leave this: the database from before its restore.
    await rename(join(dataDir, replaced[0]!), live);
    notes.push(
      `A restore was interrupted while it swapped the database: rolled it back to the database from before ` +
        `the restore (${replaced[0]} renamed back to pg).`,
    );
  } else if (!existsSync(live) && replaced.length > 1) {
    throw new UnfinishedDataDirRestoreError(
      `${dataDir} has no database but several left by interrupted restores (${replaced.join(", ")}). ` +
        "Rename the one to keep to pg, delete the others, then start again.",
    );
  } else {
    for (const name of replaced) {
      await rm(join(dataDir, name), { recursive: true, force: true });
      notes.push(`Removed ${name}: the database a finished restore had replaced.`);
    }
  }
  for (const name of entries.filter((entry) => entry.startsWith(RESTORE_PREFIX))) {
    await rm(join(dataDir, name), { recursive: true, force: true });
    notes.push(
      `Removed ${name}, left by a restore that was interrupted before it changed anything: ` +
        "the database is the one from before that restore.",
    );
  }
  for (const name of entries.filter((entry) => entry.startsWith(SNAPSHOT_PREFIX))) {
    await rm(join(dataDir, name), { recursive: true, force: true });
    notes.push(`Removed ${name}, the copy of a backup that was interrupted.`);
  }
  return notes;
}
