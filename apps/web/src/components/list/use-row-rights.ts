import { useCallback } from "react";
import { type RecordActions, useRowActions } from "../../api/records.queries.ts";
import type { ObjectMeta, RecordData, RecordList } from "../../api/types.ts";

/**
 * Per-row rights of a list's loaded rows (one request per page of rows, ADR 0027): cells, boxes and bulk
 * actions are offered only where the write would go through. A row not answered yet falls back to the
 * object's rights; the server refuses what is not allowed in any case.
 */
export function useRowRights(object: ObjectMeta, pages: RecordList[] | undefined) {
  const rights = object.my_permissions;
  const rowActions = useRowActions(object.api_name, pages, rights.edit || rights.delete);
  const actionsOf = useCallback(
    (id: string): RecordActions =>
      rowActions[id] ?? { edit: rights.edit, delete: rights.delete, transfer: rights.transfer ?? false },
    [rowActions, rights],
  );
  const mayEdit = useCallback((id: string) => actionsOf(id).edit, [actionsOf]);
  const selectable = useCallback((record: RecordData) => mayEdit(record.id), [mayEdit]);
  return { actionsOf, mayEdit, selectable };
}
