import type { ListParams } from "../../api/records.queries.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import type { ListView } from "../../api/views.queries.ts";
import { en } from "../../i18n/en.ts";
import { zhCN } from "../../i18n/zh-cn.ts";
import { type FilterState, formatSortParam, type SortKey, toApiFilter } from "../../lib/filter-model.ts";
import {
  displayFieldOf,
  expandableFields,
  searchFieldOf,
  systemField,
  visibleFields,
} from "../../lib/metadata.ts";
import { fromApiFilter } from "./list-state.ts";

/** Columns a list shows when neither the URL nor a view chooses them. */
export const DEFAULT_COLUMNS = 7;

const OWNER = systemField("owner_id", { "zh-CN": zhCN.list.owner, en: en.list.owner });
const SYSTEM_FIELDS = [
  OWNER,
  systemField("created_by", { "zh-CN": zhCN.list.createdBy, en: en.list.createdBy }),
  systemField("created_at", { "zh-CN": zhCN.list.createdAt, en: en.list.createdAt }),
  systemField("updated_at", { "zh-CN": zhCN.list.updatedAt, en: en.list.updatedAt }),
];

/** An object's fields as its list uses them: built once per object. */
export interface ListFields {
  fields: FieldMeta[];
  /** The visible fields, the owner, the creator and the system dates, which lists sort and filter on too. */
  allFields: FieldMeta[];
  fieldMap: Map<string, FieldMeta>;
  displayField: FieldMeta | undefined;
  searchField: FieldMeta | undefined;
}

export function listFields(object: ObjectMeta): ListFields {
  const fields = visibleFields(object);
  const allFields = [...fields, ...SYSTEM_FIELDS];
  return {
    fields,
    allFields,
    fieldMap: new Map(allFields.map((f) => [f.api_name, f])),
    displayField: displayFieldOf(object),
    searchField: searchFieldOf(object),
  };
}

/** The URL's columns (or the first few fields and the owner), leaving out fields this user cannot see. */
export function columnNamesOf(model: ListFields, columns: string[] | null): string[] {
  const defaults = [...model.fields.slice(0, DEFAULT_COLUMNS).map((f) => f.api_name), OWNER.api_name];
  return (columns ?? defaults).filter((name) => model.fieldMap.has(name));
}

/** The filter builder's conditions and the quick search, as the records API's filter JSON. */
export function apiFilterOf(model: ListFields, filter: FilterState, q: string) {
  const search = model.searchField && q ? { field: model.searchField.api_name, text: q } : undefined;
  return toApiFilter(filter, model.fieldMap, search);
}

/**
 * What the records API is asked for: the list page and the prefetch on navigation build the same query key
 * from the same state, so the prefetched rows are the ones the page shows. A view whose filter the builder
 * cannot show (made through the API) is sent as stored.
 */
export function recordListParams(
  model: ListFields,
  state: { filter: FilterState; q: string; sort: SortKey[]; columns: string[] | null },
  options: { isPhone: boolean; view?: ListView | undefined },
): ListParams {
  const columnNames = columnNamesOf(model, state.columns);
  const advanced = options.view?.filter && fromApiFilter(options.view.filter) === null;
  return {
    filter: advanced ? (options.view?.filter ?? undefined) : apiFilterOf(model, state.filter, state.q),
    sort: formatSortParam(state.sort),
    // Cards on phones show the first fields whatever the columns: their relations are expanded too.
    expand: expandableFields(model.fields.filter((f) => options.isPhone || columnNames.includes(f.api_name))),
  };
}
