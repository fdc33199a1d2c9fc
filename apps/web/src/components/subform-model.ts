import type { FormInstance } from "antd";
import type { LayoutItem } from "../api/layouts.queries.ts";
import type { FieldProblem } from "../api/problem.ts";
import type { FieldMeta, ObjectMeta, RecordData, Translatable } from "../api/types.ts";
import { visibleFields } from "../lib/metadata.ts";
import { createPayload, recordToFormValues, updatePayload } from "../lib/record-values.ts";

/**
 * A one-to-many list of the parent edited as rows inside its form. `name` is the list's name on the parent
 * (the child relation's inverse name): the key of the nested-writes body, the form's field name of the rows,
 * and the first part of row problem paths (`line_items.2.quantity`).
 */
export interface SubformList {
  name: string;
  object: ObjectMeta;
  /** The child's many-to-one relation field pointing at the parent (set by the server). */
  field: string;
  labels: Translatable;
  /** The child's fields shown as columns: visible ones except the relation to the parent. */
  columns: FieldMeta[];
}

/** One row as the form holds it: the stored record's id and version (absent on new rows) and its values. */
export type SubformRow = { id?: string; version?: number } & Record<string, unknown>;

/** Rows as loaded from the server, per list: what removals and "only what changed" are computed against. */
export type LoadedRows = Map<string, Map<string, { version: number; values: Record<string, unknown> }>>;

/** The nested-writes body of one list, with the form row index of each sent row (unchanged rows are not sent). */
export interface ListPayload {
  rows: Array<Record<string, unknown>>;
  remove: Array<{ id: string; version: number }>;
  formIndexes: number[];
}

type SubformItem = Extract<LayoutItem, { kind: "subform" }>;

/** The layout's sub-form items that fit the metadata: a visible many-to-one of `item.object` to the parent. */
export function resolveSubformList(
  parent: ObjectMeta,
  objects: ObjectMeta[],
  item: SubformItem,
): SubformList | null {
  const child = objects.find((o) => o.api_name === item.object);
  const relation = child?.fields.find((f) => f.api_name === item.field && !f.hidden);
  const config = relation?.config.relation;
  if (!child || !relation || relation.type !== "relation" || !config) return null;
  if (config.target !== parent.api_name || config.cardinality !== "many_to_one") return null;
  return {
    name: config.inverse_name,
    object: child,
    field: relation.api_name,
    labels: config.inverse_labels ?? child.plural_labels,
    columns: visibleFields(child).filter((f) => f.api_name !== relation.api_name),
  };
}

export const rowValues = (list: SubformList, record: RecordData): SubformRow => ({
  id: record.id,
  version: record.version,
  ...recordToFormValues(list.columns, record),
});

/** The body of one list: new rows in full, changed rows with their version and changed fields, removals. */
export function listPayload(list: SubformList, rows: SubformRow[], loaded: LoadedRows): ListPayload {
  const before = loaded.get(list.name) ?? new Map();
  const payload: ListPayload = { rows: [], remove: [], formIndexes: [] };
  rows.forEach((row, index) => {
    const stored = row.id ? before.get(row.id) : undefined;
    if (!row.id || !stored) {
      payload.rows.push(createPayload(list.columns, row));
      payload.formIndexes.push(index);
      return;
    }
    const changes = updatePayload(list.columns, row, stored.values);
    if (Object.keys(changes).length === 0) return;
    payload.rows.push({ id: row.id, version: stored.version, ...changes });
    payload.formIndexes.push(index);
  });
  const kept = new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
  for (const [id, stored] of before) if (!kept.has(id)) payload.remove.push({ id, version: stored.version });
  return payload;
}

/** `line_items.2.quantity` → the list, the sent row index and the rest of the path. */
export function parseRowPath(path: string): { list: string; row: number | null; field: string } {
  const [list = "", second = "", ...rest] = path.split(".");
  const row = /^\d+$/.test(second) ? Number(second) : null;
  return { list, row, field: row === null ? [second, ...rest].join(".") : rest.join(".") };
}

/**
 * Puts the server's row problems into the right cells (in the UI language the server answered in). Returns
 * the parent's problems untouched and row problems that have no cell (e.g. a row id) as text lines.
 */
export function showRowProblems(
  form: FormInstance,
  lists: SubformList[],
  payloads: Map<string, ListPayload>,
  problems: FieldProblem[],
  rowLine: (list: SubformList, row: number, message: string) => string,
): { rest: FieldProblem[]; lines: string[]; first: (string | number)[] | null } {
  const rest: FieldProblem[] = [];
  const lines: string[] = [];
  const cells = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const problem of problems) {
    const path = parseRowPath(problem.field);
    const list = lists.find((l) => l.name === path.list);
    if (!list) {
      rest.push(problem);
      continue;
    }
    const formIndex = path.row === null ? null : payloads.get(list.name)?.formIndexes[path.row];
    const column = list.columns.find((c) => c.api_name === path.field.split(".")[0]);
    if (formIndex !== undefined && formIndex !== null && column) {
      const key = `${list.name}.${formIndex}.${column.api_name}`;
      const cell = cells.get(key) ?? { name: [list.name, formIndex, column.api_name], errors: [] };
      cell.errors.push(problem.message);
      cells.set(key, cell);
    } else if (formIndex !== undefined && formIndex !== null) {
      lines.push(rowLine(list, formIndex, problem.message));
    } else lines.push(`${problem.field}: ${problem.message}`);
  }
  form.setFields([...cells.values()]);
  return { rest, lines, first: [...cells.values()][0]?.name ?? null };
}

/** Clears every cell problem of the lists' rows before a new save. */
export function clearRowProblems(form: FormInstance, lists: SubformList[]) {
  const fields = lists.flatMap((list) => {
    const rows = (form.getFieldValue(list.name) as SubformRow[] | undefined) ?? [];
    return rows.flatMap((_, index) =>
      list.columns.map((c) => ({ name: [list.name, index, c.api_name], errors: [] as string[] })),
    );
  });
  form.setFields(fields);
}
