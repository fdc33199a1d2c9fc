export { type BackupManifest, backupStream, openBackup, writeArchive } from "./backup-archive.ts";
export { BackupPassphraseError, encryptStream } from "./backup-crypto.ts";
export { BackupRefusedError } from "./backup-errors.ts";
export {
  BACKUP_FILE_PATTERN,
  backupFileName,
  backupFilePayload,
  MIN_PASSPHRASE_LENGTH,
  readPassphrase,
  verifyBackupFile,
  writeBackupFile,
} from "./backup-file.ts";
export { type BackupScheduler, createBackupScheduler } from "./backup-scheduler.ts";
export { backupOf } from "./backup-source.ts";
export { BackupFormatError } from "./byte-reader.ts";
export { BackupToolError } from "./pg-tools.ts";
export { hasPgliteData, pgliteSnapshot } from "./pglite-backup.ts";
export { pgliteRestore } from "./pglite-restore.ts";
export { postgresBackup } from "./postgres-backup.ts";
export { postgresRestore } from "./postgres-restore.ts";
export { assertRestorable } from "./restore-checks.ts";
export { fetchServerBackup } from "./server-backup-client.ts";
