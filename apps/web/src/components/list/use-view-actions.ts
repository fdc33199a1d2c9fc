import { App } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../api/problem.ts";
import type { FieldMeta } from "../../api/types.ts";
import {
  chooseView,
  createView,
  deleteView,
  type ListView,
  updateView,
  useViewCache,
  useViews,
  type ViewInput,
} from "../../api/views.queries.ts";
import { problemMessage } from "../error-result.tsx";
import {
  BLANK_PARAMS,
  currentDefinition,
  differsFromView,
  fromApiFilter,
  type ListState,
  stateOfView,
  viewParams,
  viewToRestore,
  waitsForViews,
} from "./list-state.ts";

/**
 * The saved views of a list and what the user does with them. Choosing a view writes its definition into
 * the URL and remembers it on the server as the user's last-used view; opening the list with nothing in the
 * URL brings that view back.
 */
export function useViewActions(options: {
  object: string;
  state: ListState;
  columnNames: string[];
  fieldMap: Map<string, FieldMeta>;
}) {
  const { object, state, columnNames, fieldMap } = options;
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const views = useViews(object);
  const cache = useViewCache(object);
  const list = views.data?.views ?? [];
  const selected = list.find((v) => v.id === state.view);
  const modified = selected ? differsFromView(state, selected, fieldMap) : false;

  // Once per list (per object: the list page stays mounted when another object's list opens): nothing in
  // the URL → the view this user used last, as the server remembers it.
  const restored = useRef<string | null>(null);
  const setParams = useRef(state.set);
  setParams.current = state.set;
  // The state a restored view writes into the URL: until the URL shows it, renders in between fetch nothing.
  const applying = useRef<string | null>(null);
  const shown = JSON.stringify(state);
  useEffect(() => {
    if (applying.current === shown) applying.current = null;
    if (restored.current === object || !views.data) return;
    restored.current = object;
    const view = viewToRestore(state, views.data);
    if (!view) return;
    applying.current = JSON.stringify(stateOfView(view));
    if (applying.current === shown) applying.current = null;
    else setParams.current(viewParams(view));
  });
  /**
   * The URL does not say yet what the list shows: its views are still loading (a blank URL may bring back
   * the last-used view, a bare `?view=` needs the view's filter), or the view found is being applied. The
   * rows are not fetched meanwhile, so nobody sees the unfiltered list flash before the view's rows.
   */
  const restoring =
    (applying.current !== null && applying.current !== shown) ||
    (restored.current !== object &&
      (views.data ? viewToRestore(state, views.data) !== undefined : !views.isError && waitsForViews(state)));

  const report = (error: unknown, view?: ListView) => {
    if (isProblem(error) && error.code === "VIEW_VERSION_CONFLICT" && view) {
      void cache.refresh();
      modal.warning({
        title: t("views.conflictTitle"),
        content: t("views.conflictDetail", {
          yours: view.version,
          current: Number(error.body.current_version ?? 0),
        }),
      });
    } else {
      message.error(problemMessage(error, t));
    }
  };

  const remember = (viewId: string | null) => {
    cache.setCurrent(viewId);
    chooseView(object, viewId).catch((error: unknown) => report(error));
  };

  const select = (view: ListView | null) => {
    state.set(view ? viewParams(view) : BLANK_PARAMS);
    remember(view?.id ?? null);
  };

  const definition = (): ViewInput => currentDefinition(state, columnNames, fieldMap, selected);

  const change = async (view: ListView, input: ViewInput, done: string): Promise<ListView | null> => {
    try {
      const saved = await updateView(view, input);
      cache.put(saved);
      message.success(done);
      return saved;
    } catch (error) {
      report(error, view);
      return null;
    }
  };

  return {
    restoring,
    views: list,
    loading: views.isLoading,
    selected,
    modified,
    /** The selected view's filter cannot be shown by the filter builder (made through the API). */
    advancedFilter: selected ? fromApiFilter(selected.filter) === null : false,
    select,
    async save() {
      if (!selected) return;
      const saved = await change(selected, definition(), t("views.saved"));
      if (saved) state.set(viewParams(saved));
    },
    /** Throws the server's problem so the name dialog can show it under the name. */
    async saveAs(values: { name: string; shared: boolean }) {
      const created = await createView(object, { ...definition(), name: values.name, shared: values.shared });
      cache.put(created);
      message.success(t("views.created", { name: created.name }));
      state.set(viewParams(created));
      remember(created.id);
    },
    async rename(name: string) {
      if (!selected) return;
      const saved = await updateView(selected, { name });
      cache.put(saved);
      message.success(t("views.saved"));
    },
    async toggleShare() {
      if (!selected) return;
      await change(
        selected,
        { shared: !selected.shared },
        selected.shared ? t("views.unsharedDone") : t("views.sharedDone"),
      );
    },
    async saveColumns(names: string[]) {
      state.set({ cols: names.join(",") });
      if (!selected?.editable) return;
      const widths = new Map(selected.columns.map((c) => [c.field, c.width]));
      const columns = names.map((field) => {
        const width = widths.get(field);
        return width ? { field, width } : { field };
      });
      await change(selected, { columns }, t("views.columns.savedToView", { name: selected.name }));
    },
    remove() {
      if (!selected) return;
      const view = selected;
      modal.confirm({
        title: t("views.delete"),
        content: t("views.deleteConfirm", { name: view.name }),
        okText: t("common.delete"),
        okButtonProps: { danger: true },
        cancelText: t("common.cancel"),
        onOk: async () => {
          try {
            await deleteView(view);
            cache.remove(view.id);
            state.set(BLANK_PARAMS);
            message.success(t("views.deleted"));
          } catch (error) {
            report(error, view);
          }
        },
      });
    },
  };
}

export type ViewActions = ReturnType<typeof useViewActions>;
