import { isKeduoError } from "@keduo/core";
import { type ImportDeps, importActor, importerAccess } from "./import-context.ts";
import type { Worker } from "./import-runner.ts";
import { LeaseLost } from "./import-runner.ts";
import type { ImportRun } from "./import-store.ts";

const PAGE = 500;

/**
 * Undoes an import from its log, newest change first: changed records get the recorded values back,
 * created ones are removed for good (they did not exist before). Each page commits with the removal of
 * its log rows, so an interrupted undo resumes where it stopped. Writes go through the records service
 * (access, history, events) like the import's own. A record deleted since the import is left alone.
 */
export async function undoImport(deps: ImportDeps, run: ImportRun, worker: Worker): Promise<boolean> {
  const access = await importerAccess(deps, run.created_by);
  const actor = importActor(access);
  for (;;) {
    const page = await deps.store.changesBefore(deps.database.db, run.id, null, PAGE);
    if (page.length === 0) return true;
    await deps.database.db.transaction().execute(async (trx) => {
      const current = await deps.store.get(trx, run.id, { lock: true });
      if (current?.status !== "undoing" || current.lease_owner !== worker.owner) throw new LeaseLost();
      const writes = deps.records.writes.within(trx);
      // Consecutive changes of one kind go together; order across kinds is kept.
      let i = 0;
      while (i < page.length) {
        const action = page[i]!.action;
        let j = i;
        while (j < page.length && page[j]!.action === action) j++;
        const group = page.slice(i, j);
        for (const change of group) {
          try {
            if (action === "created")
              await writes.remove(run.object, [{ id: change.record_id }], actor, true);
            else
              await writes.update(
                run.object,
                [{ id: change.record_id, values: change.before ?? {} }],
                actor,
                { bulk: false },
              );
          } catch (error) {
            if (!(isKeduoError(error) && error.code === "RECORD_NOT_FOUND")) throw error;
          }
        }
        i = j;
      }
      await deps.store.deleteChanges(trx, run.id, page[page.length - 1]!.id);
    });
    if (worker.shouldStop()) return false;
  }
}
