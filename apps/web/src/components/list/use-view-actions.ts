import { App } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
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
  type ViewList,
} from "../../api/views.queries.ts";
import { problemMessage } from "../error-result.tsx";
import {
  BLANK_PARAMS,
  currentDefinition,
  differsFromView,
  fromApiFilter,
  isListChange,
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

  // Each arrival at the list (a link, a redirect, back or forward, another object's list: the page stays
  // mounted through them) with nothing in the URL → the view this user used last, as the server remembers
  // it. A URL the list wrote itself (isListChange) is no arrival: choosing "all records" stays there.
  const location = useLocation();
  const arrival = isListChange(location.state) ? null : location.key;
  // The arrival whose view was looked for, and the location a restored view's URL is replacing. A navigation
  // that lands before that URL does is a new location: it is looked at anew, never waited on.
  const restored = useRef<string | null>(null);
  const applying = useRef<string | null>(null);
  const setParams = useRef(state.set);
  setParams.current = state.set;
  const shown = JSON.stringify(state);
  const toApply = (data: ViewList) => {
    const view = viewToRestore(state, data);
    return view && JSON.stringify(stateOfView(view)) !== shown ? view : undefined;
  };
  useEffect(() => {
    // Another location landed (the view's URL, or a navigation on top of it): the one replaced is done with.
    if (applying.current !== location.key) applying.current = null;
    if (arrival === null || restored.current === arrival || !views.data) return;
    restored.current = arrival;
    const view = toApply(views.data);
    applying.current = view ? arrival : null;
    if (view) setParams.current(viewParams(view));
  });
  /**
   * The URL does not say yet what the list shows: its views are still loading (a blank URL may bring back
   * the last-used view, a bare `?view=` needs the view's filter), or the view found is being applied. The
   * rows are not fetched meanwhile, so nobody sees the unfiltered list flash before the view's rows.
   * Computed from the location alone, so the effect above never changes it without a render to follow.
   */
  const restoring =
    applying.current === location.key ||
    (arrival !== null &&
      restored.current !== arrival &&
      (views.data ? toApply(views.data) !== undefined : !views.isError && waitsForViews(state)));

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
