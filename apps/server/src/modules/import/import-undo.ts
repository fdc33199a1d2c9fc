import { isKeduoError } from "@keduo/core";
import type { Actor } from "./batch-writer.ts";
import { type ImportDeps, importActor, importerAccess } from "./import-context.ts";
import type { ImportRun } from "./import-run.ts";
import type { Worker } from "./import-runner.ts";
import { LeaseLost } from "./import-runner.ts";

const PAGE = 500;

type LoggedChange = Awaited<ReturnType<ImportDeps["store"]["changesBefore"]>>[number];
type Writes = ImportDeps["records"]["writes"];

/** Consecutive changes of one kind: each goes to the records service as one call, order across kinds kept. */
function groupsOf(page: LoggedChange[]): LoggedChange[][] {
  const groups: LoggedChange[][] = [];
  for (const change of page) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.action === change.action) last.push(change);
    else groups.push([change]);
  }
  return groups;
}

/** The id a RECORD_NOT_FOUND names: a record deleted since the import, or one the importer can no longer see. */
function missingId(error: unknown): string | null {
  if (!isKeduoError(error) || error.code !== "RECORD_NOT_FOUND") return null;
  const id = error.params?.id;
  return typeof id === "string" ? id : null;
}

/**
 * One records-service call for the group. A record deleted since the import (or hidden from the importer
 * since) is left alone: the service answers RECORD_NOT_FOUND naming it before it writes anything, so it is
 * dropped and the rest sent again. That costs one more call per such record; every other record of the
 * group goes in the one call.
 */
async function undoGroup(writes: Writes, object: string, group: LoggedChange[], actor: Actor) {
  let pending = group;
  while (pending.length) {
    try {
      if (pending[0]!.action === "created")
        await writes.removePermanently(
          object,
          pending.map((c) => ({ id: c.record_id })),
          actor,
        );
      else
        await writes.update(
          object,
          pending.map((c) => ({ id: c.record_id, values: c.before ?? {} })),
          actor,
          { bulk: true },
        );
      return;
    } catch (error) {
      const id = missingId(error);
      if (id === null || !pending.some((c) => c.record_id === id)) throw error;
      pending = pending.filter((c) => c.record_id !== id);
    }
  }
}

/**
 * Undoes an import from its log, newest change first: changed records get the recorded values back,
 * created ones are removed for good (they did not exist before). Each page commits with the removal of
 * its log rows, so an interrupted undo resumes where it stopped. Writes go through the records service
 * (access, history, events) like the import's own, one call per run of changes of one kind.
 *
 * A record deleted since the import is left alone. A record changed again since the import still gets the
 * values it had before the import (no version check): undo means "as before the import", and the later
 * change stays in the record's history.
 */
export async function undoImport(deps: ImportDeps, run: ImportRun, worker: Worker): Promise<boolean> {
  const access = await importerAccess(deps, run.created_by);
  const actor = importActor(access, { id: run.id, undo: true });
  for (;;) {
    const page = await deps.store.changesBefore(deps.database.db, run.id, null, PAGE);
    if (page.length === 0) return true;
    await deps.database.db.transaction().execute(async (trx) => {
      const current = await deps.store.get(trx, run.id, { lock: true });
      if (current?.status !== "undoing" || current.lease_owner !== worker.owner) throw new LeaseLost();
      const writes = deps.records.writes.within(trx);
      for (const group of groupsOf(page)) await undoGroup(writes, run.object, group, actor);
      await deps.store.deleteChanges(trx, run.id, page[page.length - 1]!.id);
      await deps.store.addUndone(trx, run.id, page.length);
    });
    if (worker.shouldStop()) return false;
  }
}
