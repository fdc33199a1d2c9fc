import { KeduoError, zonedDate } from "@keduo/core";
import type { JobQueue } from "../jobs/index.ts";
import type { ImportDeps } from "./import-context.ts";
import type { ImportRun } from "./import-run.ts";

export const IMPORT_UNDO_RETENTION_QUEUE = "keduo-import-undo-retention";

const DAY_MS = 86_400_000;

/**
 * Until when a run can be undone: `undoDays` after it completed. Null for a run that has not completed
 * (nothing to undo yet, or already undone or failed — a failed run took back what it wrote itself).
 */
export function undoDeadline(run: Pick<ImportRun, "status" | "finished_at">, undoDays: number): Date | null {
  if (run.status !== "completed" || !run.finished_at) return null;
  return new Date(run.finished_at.getTime() + undoDays * DAY_MS);
}

/** Refuses the undo of a completed run whose time ran out: its undo log is gone, or about to go. */
export function assertUndoInTime(
  run: ImportRun,
  deps: Pick<ImportDeps, "limits" | "clock" | "config">,
): void {
  const deadline = undoDeadline(run, deps.limits.undoDays);
  if (deadline && deadline.getTime() <= deps.clock.now().getTime())
    throw new KeduoError("IMPORT_UNDO_EXPIRED", {
      // The day it ended in the organisation's time zone; the exact instant is the run's `undo_until`.
      params: { days: deps.limits.undoDays, until: zonedDate(deadline, deps.config.timeZone) },
    });
}

/** Deletes the undo logs whose time ran out, by the same clock and rule `assertUndoInTime` applies. */
export function pruneExpiredUndoLogs(deps: Pick<ImportDeps, "limits" | "clock" | "store" | "database">) {
  const cutoff = new Date(deps.clock.now().getTime() - deps.limits.undoDays * DAY_MS);
  return deps.store.pruneUndoLogs(deps.database.db, cutoff);
}

/** The hourly job that prunes them: one instance at a time, retried like any job. */
export function scheduleUndoRetention(queue: JobQueue, deps: ImportDeps): void {
  queue.register(IMPORT_UNDO_RETENTION_QUEUE, async () => {
    await pruneExpiredUndoLogs(deps);
  });
  queue.schedule(IMPORT_UNDO_RETENTION_QUEUE, "41 * * * *", deps.config.timeZone);
}
