/** A backup or restore the operator asked for that Keduo will not do as asked (the message says why and what to do). */
export class BackupRefusedError extends Error {
  override name = "BackupRefusedError";
}
