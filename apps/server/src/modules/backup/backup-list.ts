import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { BACKUP_FILE_PATTERN } from "./backup-file.ts";

export interface BackupFileEntry {
  name: string;
  size: number;
  /** When the file was last written (a finished backup is renamed into place, so this is its end). */
  modified_at: string;
}

export interface BackupFileList {
  directory: string;
  /** False when a directory is set but the server cannot read it now (removed, permissions changed). */
  readable: boolean;
  files: BackupFileEntry[];
}

/**
 * The scheduled backups in `directory`, newest first. Only names the schedule writes are listed (the same
 * pattern retention deletes by), so other files in the directory and `.partial` leftovers stay private.
 */
export async function listBackupFiles(directory: string): Promise<BackupFileList> {
  if (!directory) return { directory, readable: true, files: [] };
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => BACKUP_FILE_PATTERN.test(name));
  } catch {
    return { directory, readable: false, files: [] };
  }
  const files: BackupFileEntry[] = [];
  for (const name of names) {
    try {
      const info = await stat(join(directory, name));
      if (info.isFile()) files.push({ name, size: info.size, modified_at: info.mtime.toISOString() });
    } catch {
      // Deleted by retention between readdir and stat: not a backup any more.
    }
  }
  // Names carry the UTC time, so they sort by age.
  files.sort((a, b) => (a.name < b.name ? 1 : -1));
  return { directory, readable: true, files };
}
