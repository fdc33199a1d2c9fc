import type { TableColumnsType } from "antd";
import { type MouseEvent, useCallback, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import type { ListView } from "../../api/views.queries.ts";
import type { SortKey } from "../../lib/filter-model.ts";
import { isEditable, isSortable, recordTitle } from "../../lib/metadata.ts";
import { fieldValueNode, useValueLocale, type ValueContext } from "../field-value.tsx";
import { InlineCellEditor } from "./inline-cell.tsx";

/** A left click without modifier keys: anything else keeps the browser's own handling (new tab, window). */
const isPlainClick = (e: MouseEvent) =>
  e.button === 0 && !e.metaKey && !e.altKey && !e.ctrlKey && !e.shiftKey;

/**
 * The table's columns. Cells are plain elements built by functions, not a component (with its hooks) per
 * cell: a list switch mounts 50 rows × the columns at once, and that mounting is most of its cost. A cell
 * becomes an editor (InlineCellEditor) only when clicked, one at a time: opening another closes the first,
 * as a spreadsheet does.
 */
export function useListColumns(options: {
  object: ObjectMeta;
  shownFields: FieldMeta[];
  displayField: FieldMeta | undefined;
  sort: SortKey[];
  view: ListView | undefined;
  context: ValueContext;
  /** Whether the user may edit this row (the server's per-row answer): other rows' cells are plain values. */
  mayEdit: (id: string) => boolean;
  onReload: () => void;
}): TableColumnsType<RecordData> {
  const { object, shownFields, displayField, sort, view, context, mayEdit, onReload } = options;
  const locale = useValueLocale();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<ReadonlySet<string>>(() => new Set<string>());
  // Another object's list opened in the same page: no cell of it is being edited.
  const [editingIn, setEditingIn] = useState(object.api_name);
  if (editingIn !== object.api_name) {
    setEditingIn(object.api_name);
    setEditing(new Set());
  }
  const edit = useCallback(
    (key: string, on: boolean) =>
      setEditing((old) => {
        if (on) return new Set([key]);
        const next = new Set(old);
        next.delete(key);
        return next;
      }),
    [],
  );
  const sortKey = sort.map((k) => `${k.field}:${k.direction}`).join(",");

  // biome-ignore lint/correctness/useExhaustiveDependencies: sortKey stands for `sort` (new each render)
  return useMemo(
    () =>
      shownFields.map((field): TableColumnsType<RecordData>[number] => {
        const sortIndex = sort.findIndex((k) => k.field === field.api_name);
        const key = sort[sortIndex];
        const width = view?.columns.find((c) => c.field === field.api_name)?.width;
        const editable = isEditable(field) && !field.api_name.endsWith("_at");
        const editLabel = locale.t("views.inline.edit", { field: locale.label(field.labels) });
        const render = (value: unknown, record: RecordData) => {
          if (field.api_name === displayField?.api_name) {
            const to = `/o/${object.api_name}/${record.id}`;
            return (
              <a
                href={to}
                onClick={(e) => {
                  e.stopPropagation();
                  if (!isPlainClick(e)) return;
                  e.preventDefault();
                  navigate(to);
                }}
              >
                {recordTitle(object, record)}
              </a>
            );
          }
          const shown = fieldValueNode(field, value, context, locale, true);
          if (!editable || !mayEdit(record.id)) return shown;
          const cell = `${record.id}:${field.api_name}`;
          const testId = `cell-${field.api_name}-${record.id}`;
          if (editing.has(cell))
            return (
              <InlineCellEditor
                object={object}
                field={field}
                record={record}
                testId={testId}
                onClose={() => edit(cell, false)}
                onSaved={onReload}
                onConflict={onReload}
              />
            );
          return (
            // biome-ignore lint/a11y/useSemanticElements: a table cell's content, the whole cell is the target
            <div
              role="button"
              tabIndex={0}
              className="inline-cell"
              aria-label={editLabel}
              style={{ minHeight: 22, minWidth: 40, cursor: "text" }}
              onClick={(e) => {
                e.stopPropagation();
                edit(cell, true);
              }}
              onKeyDown={(e) => {
                if (e.key !== "Enter") return;
                e.stopPropagation();
                edit(cell, true);
              }}
              data-testid={testId}
            >
              {shown}
            </div>
          );
        };
        return {
          key: field.api_name,
          dataIndex: field.api_name,
          title: locale.label(field.labels) || field.api_name,
          ...(width ? { width } : {}),
          ellipsis: field.type === "long_text" || field.type === "rich_text",
          sorter: isSortable(field) ? { multiple: sortIndex >= 0 ? 100 - sortIndex : 1 } : false,
          sortOrder: key ? (key.direction === "asc" ? "ascend" : "descend") : null,
          showSorterTooltip: { title: locale.t("list.sortHint") },
          render,
        };
      }),
    [
      shownFields,
      sortKey,
      view,
      displayField,
      object,
      context,
      locale,
      navigate,
      editing,
      edit,
      mayEdit,
      onReload,
    ],
  );
}
