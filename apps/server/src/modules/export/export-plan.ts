import { fieldOperators, fieldTypeOf, KeduoError, type Locale } from "@keduo/core";
import {
  type AccessContext,
  assertObjectPermission,
  type RestrictedModel,
  restrictModel,
} from "../access/index.ts";
import { filterFromText } from "../filter-sql/index.ts";
import { modelOrThrow } from "../metadata/index.ts";
import type { ViewsService } from "../views/index.ts";
import { type ExportColumn, exportColumns } from "./export-columns.ts";

/** What the client asked for: a saved view, the list API's parameters, or a view with some parts replaced. */
export interface ExportRequest {
  object: string;
  view?: string;
  /** The list API's `filter` query parameter: JSON text. */
  filter?: string;
  sort?: string;
  /** Comma-separated column names, as the list API's `fields`. */
  fields?: string;
  locale: Locale;
}

/** Everything the export reads, decided (and checked as far as it can be) before a byte is sent. */
export interface ExportPlan {
  model: RestrictedModel;
  columns: ExportColumn[];
  /** The list API's query for every page (without the cursor). */
  query: { filter?: unknown; sort?: string; fields: string[]; expand: string[] };
  viewName: string | null;
}

const SYSTEM_COLUMNS = new Set(["id", "created_at", "updated_at", "created_by", "updated_by", "owner_id"]);

const splitNames = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** The field the list page's quick search looks in: the display field if it takes `contains`, else the first text. */
function searchField(model: RestrictedModel) {
  const takesContains = (name: string | null) => {
    const field = name ? model.fieldByName.get(name) : undefined;
    return field && fieldOperators(fieldTypeOf(field.type), field).includes("contains") ? field : undefined;
  };
  return takesContains(model.object.displayField) ?? model.fields.find((f) => f.type === "text");
}

/** A saved view's filter with its quick search added the way the list page adds it. */
function viewFilter(model: RestrictedModel, filter: unknown, search: string | null): unknown {
  const field = search ? searchField(model) : undefined;
  if (!field || !search) return filter ?? undefined;
  const condition = { [field.apiName]: { contains: search } };
  return filter ? { and: [filter, condition] } : condition;
}

/**
 * Resolves the request against the object as this user sees it. Columns are checked here (a hidden field is
 * as unknown as a missing one, exactly as in the list API's `fields`); the filter and sort are checked by the
 * records service when the first page is read, before the response starts.
 */
export async function planExport(
  request: ExportRequest,
  access: AccessContext,
  views: ViewsService,
): Promise<ExportPlan> {
  const model = restrictModel(modelOrThrow(access.snapshot, request.object), access);
  assertObjectPermission(access, request.object, "read");
  const served = request.view ? await views.get(request.object, request.view, access) : null;
  const definition = served?.definition;

  const filter =
    request.filter !== undefined
      ? filterFromText(request.filter)
      : definition
        ? viewFilter(model, definition.filter, definition.search)
        : undefined;
  const sort =
    request.sort ??
    (definition?.sort.length
      ? definition.sort.map((key) => `${key.direction === "desc" ? "-" : ""}${key.field}`).join(",")
      : undefined);
  const requested = request.fields
    ? splitNames(request.fields)
    : definition?.columns.length
      ? definition.columns.map((column) => column.field)
      : model.fields.map((field) => field.apiName);
  const names = [...new Set(requested)];
  const unknown = names.filter((name) => !model.fieldByName.has(name) && !SYSTEM_COLUMNS.has(name));
  if (unknown.length)
    throw new KeduoError("VALIDATION_FAILED", {
      issues: unknown.map((name) => ({ field: "fields", code: "unknown_field", params: { name } })),
    });

  const fields = names.filter((name) => model.fieldByName.has(name));
  // Relations are exported by name: the records service expands them through the access layer.
  const expand = fields.filter((name) => model.fieldByName.get(name)?.type === "relation");
  return {
    model,
    columns: exportColumns(model, names, request.locale),
    query: { ...(filter !== undefined ? { filter } : {}), ...(sort ? { sort } : {}), fields, expand },
    viewName: served?.view.name ?? null,
  };
}
