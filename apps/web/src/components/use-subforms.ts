import { useQueries, useQueryClient } from "@tanstack/react-query";
import type { FormInstance } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../api/http-client.ts";
import { type LayoutItem, useLayout } from "../api/layouts.queries.ts";
import { useObjects } from "../api/metadata.queries.ts";
import { isProblem, type ProblemError } from "../api/problem.ts";
import { recordsKey } from "../api/records.queries.ts";
import type { ObjectMeta, RecordData, RecordList } from "../api/types.ts";
import { useLabel } from "../i18n/index.ts";
import { type LiveFormulas, useLiveFormulas } from "../lib/live-formulas.ts";
import {
  clearRowProblems,
  type ListPayload,
  type LoadedRows,
  listPayload,
  parseRowPath,
  resolveSubformList,
  rowValues,
  type SubformList,
  type SubformRow,
  showRowProblems,
} from "./subform-model.ts";

/** The server refuses more rows per list in one call (records MAX_BULK). */
const MAX_ROWS = 1000;

export interface NestedResponse {
  record: RecordData;
  children: Record<string, RecordData[]>;
}

export interface Subforms {
  /** The sub-forms the object's layout places, resolved against metadata (none while no layout is saved). */
  lists: SubformList[];
  /** The list a layout item stands for, for rendering it in place. */
  listFor(item: Extract<LayoutItem, { kind: "subform" }>): SubformList | undefined;
  /** Still loading the layout or an existing record's rows: saving waits for it. */
  loading: boolean;
  /** Whether saving goes through the nested-writes API (the form has sub-forms). */
  active: boolean;
  /** Saves the parent's payload and every list's rows in one request (one transaction on the server). */
  save(parentPayload: Record<string, unknown>, version: number): Promise<RecordData>;
  clearProblems(): void;
  /**
   * Shows a failed save's row problems in their cells; returns the parent's problems and text lines for
   * row problems that have no cell. A child's version conflict becomes one line naming the row.
   */
  showProblems(problem: ProblemError): ReturnType<typeof showRowProblems>;
  /** Formula fields recomputed as the user types (see lib/live-formulas.ts). */
  live: LiveFormulas;
  /** A version conflict on a row (not the parent) as a sentence, else null. */
  rowConflict(problem: unknown): string | null;
}

/**
 * The sub-form state of a record form, and its live formulas. Rows live in the antd form itself (a Form.List per list, named like
 * the list), so typing, errors and a failed save keep everything the user entered.
 */
export function useSubforms({
  object,
  record,
  form,
}: {
  object: ObjectMeta;
  record?: RecordData | undefined;
  form: FormInstance;
}): Subforms {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const objects = useObjects();
  const layout = useLayout(object.api_name);
  const all = useMemo(() => objects.data?.objects ?? [], [objects.data]);
  const lists = useMemo(() => {
    const items = (layout.data?.sections ?? []).flatMap((s) => s.items);
    return items.flatMap((item) => {
      const list = item.kind === "subform" ? resolveSubformList(object, all, item) : null;
      return list ? [list] : [];
    });
  }, [all, layout.data, object]);
  const live = useLiveFormulas(form, object, all, lists);

  const children = useQueries({
    queries: lists.map((list) => ({
      queryKey: [...recordsKey(list.object.api_name), "subform", list.field, record?.id ?? ""],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        http.get<RecordList>(
          `/api/records/${list.object.api_name}`,
          { filter: JSON.stringify({ [list.field]: { eq: record!.id } }), limit: MAX_ROWS },
          signal,
        ),
      enabled: Boolean(record),
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });

  // The rows as loaded: the base of "what changed" and of removals. Filled once per list, so a background
  // refetch never overwrites rows the user is editing.
  const loaded = useRef<LoadedRows>(new Map());
  const [loadedNames, setLoadedNames] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!record) return;
    const added: string[] = [];
    lists.forEach((list, i) => {
      const data = children[i]?.data;
      if (!data || loaded.current.has(list.name)) return;
      const rows = data.records.map((r) => rowValues(list, r));
      loaded.current.set(
        list.name,
        new Map(rows.map((row) => [row.id!, { version: row.version!, values: row }])),
      );
      form.setFieldValue(list.name, rows);
      added.push(list.name);
    });
    if (added.length) setLoadedNames((names) => new Set([...names, ...added]));
  }, [children, lists, record, form]);

  const loading =
    layout.isLoading || objects.isLoading || (Boolean(record) && lists.some((l) => !loadedNames.has(l.name)));
  const payloads = useRef(new Map<string, ListPayload>());
  const listLabel = (list: SubformList) => label(list.labels) || list.name;

  return {
    lists,
    live,
    listFor: (item) => lists.find((l) => l.object.api_name === item.object && l.field === item.field),
    loading,
    active: lists.length > 0,
    async save(parentPayload, version) {
      if (loading) throw new Error(t("subforms.loading"));
      const sent = new Map<string, ListPayload>();
      for (const list of lists) {
        const rows = (form.getFieldValue(list.name) as SubformRow[] | undefined) ?? [];
        sent.set(list.name, listPayload(list, rows, loaded.current));
      }
      payloads.current = sent;
      const body = {
        record: parentPayload,
        children: Object.fromEntries(
          [...sent].map(([name, p]) => [
            name,
            record ? { rows: p.rows, remove: p.remove } : { rows: p.rows },
          ]),
        ),
      };
      const result = record
        ? await http.patch<NestedResponse>(`/api/records/${object.api_name}/${record.id}/nested`, body, {
            "if-match": `"${version}"`,
          })
        : await http.post<NestedResponse>(`/api/records/${object.api_name}/nested`, body);
      for (const list of lists)
        void queryClient.invalidateQueries({ queryKey: recordsKey(list.object.api_name) });
      return result.record;
    },
    clearProblems: () => clearRowProblems(form, lists),
    showProblems: (problem) =>
      showRowProblems(form, lists, payloads.current, problem.errors, (list, row, message) =>
        t("subforms.rowProblem", { list: listLabel(list), n: row + 1, message }),
      ),
    rowConflict(problem) {
      if (!isProblem(problem) || problem.code !== "RECORD_VERSION_CONFLICT") return null;
      const pointer = problem.body.row;
      if (typeof pointer !== "string") return null;
      const path = parseRowPath(pointer);
      const list = lists.find((l) => l.name === path.list);
      if (!list) return null;
      const formIndex = path.row === null ? null : payloads.current.get(list.name)?.formIndexes[path.row];
      return t("subforms.rowConflict", {
        list: listLabel(list),
        n: formIndex === null || formIndex === undefined ? "?" : formIndex + 1,
      });
    },
  };
}
