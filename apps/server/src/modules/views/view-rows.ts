import type { Db, Trx } from "../../db/database.ts";

/** What a view shows: the parts a user saves. Field names are API names, checked when saved and when served. */
export interface ViewDefinition {
  columns: Array<{ field: string; width?: number }>;
  /** The records API's filter JSON, or null for none. */
  filter: unknown;
  sort: Array<{ field: string; direction: "asc" | "desc" }>;
  search: string | null;
}

export interface StoredView {
  id: string;
  object: string;
  name: string;
  /** null for a shared view. */
  ownerId: string | null;
  definition: ViewDefinition;
  version: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type ListViewsTable = {
  id: string;
  object: string;
  name: string;
  owner_id: string | null;
  definition: unknown;
  version: number;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

type ListViewChoicesTable = {
  user_id: string;
  object: string;
  view_id: string | null;
  updated_at: Date | string;
};

type ViewTables = {
  list_views: ListViewsTable;
  list_view_choices: ListViewChoicesTable;
};

// The tables are this module's own: typed here instead of in the shared system-table types.
const tables = (executor: Db | Trx) => executor.withTables<ViewTables>();

function toView(row: ListViewsTable): StoredView {
  return {
    id: row.id,
    object: row.object,
    name: row.name,
    ownerId: row.owner_id,
    definition: row.definition as ViewDefinition,
    version: row.version,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The views of an object that `userId` may see: the shared ones and their own. */
export async function loadVisibleViews(executor: Db | Trx, object: string, userId: string) {
  const rows = await tables(executor)
    .selectFrom("list_views")
    .selectAll()
    .where("object", "=", object)
    .where((eb) => eb.or([eb("owner_id", "is", null), eb("owner_id", "=", userId)]))
    .orderBy((eb) => eb("owner_id", "is", null), "desc")
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map(toView);
}

/** The shared views of an object (a bundle's list views: personal ones are settings, not configuration). */
export async function loadSharedViews(executor: Db | Trx, object: string) {
  const rows = await tables(executor)
    .selectFrom("list_views")
    .selectAll()
    .where("object", "=", object)
    .where("owner_id", "is", null)
    .orderBy("name")
    .execute();
  return rows.map(toView);
}

export async function loadView(executor: Db | Trx, object: string, id: string, options = { lock: false }) {
  let query = tables(executor)
    .selectFrom("list_views")
    .selectAll()
    .where("object", "=", object)
    .where("id", "=", id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** Whether another view with this name exists for the same owner (shared views share one namespace). */
export async function nameTaken(
  trx: Trx,
  view: Pick<StoredView, "object" | "name" | "ownerId" | "id">,
): Promise<boolean> {
  const row = await tables(trx)
    .selectFrom("list_views")
    .select("id")
    .where("object", "=", view.object)
    .where((eb) => eb.fn("lower", ["name"]), "=", view.name.toLowerCase())
    .where("owner_id", view.ownerId === null ? "is" : "=", view.ownerId)
    .where("id", "<>", view.id)
    .executeTakeFirst();
  return row !== undefined;
}

const rowOf = (view: StoredView) => ({
  name: view.name,
  owner_id: view.ownerId,
  definition: JSON.stringify(view.definition),
  version: view.version,
  updated_at: view.updatedAt,
});

export async function insertView(trx: Trx, view: StoredView): Promise<void> {
  await tables(trx)
    .insertInto("list_views")
    .values({
      ...rowOf(view),
      id: view.id,
      object: view.object,
      created_by: view.createdBy,
      created_at: view.createdAt,
    })
    .execute();
}

export async function updateView(trx: Trx, view: StoredView): Promise<void> {
  await tables(trx).updateTable("list_views").set(rowOf(view)).where("id", "=", view.id).execute();
}

export async function deleteViews(trx: Trx, filter: { object: string; id?: string }): Promise<void> {
  let query = tables(trx).deleteFrom("list_views").where("object", "=", filter.object);
  if (filter.id !== undefined) query = query.where("id", "=", filter.id);
  await query.execute();
  if (filter.id === undefined)
    await tables(trx).deleteFrom("list_view_choices").where("object", "=", filter.object).execute();
}

/** The user's last-used view of the object: undefined when never chosen, null for "all records". */
export async function loadChoice(executor: Db | Trx, userId: string, object: string) {
  const row = await tables(executor)
    .selectFrom("list_view_choices")
    .select("view_id")
    .where("user_id", "=", userId)
    .where("object", "=", object)
    .executeTakeFirst();
  return row ? row.view_id : undefined;
}

export async function saveChoice(
  executor: Db | Trx,
  choice: { userId: string; object: string; viewId: string | null; at: Date },
): Promise<void> {
  await tables(executor)
    .insertInto("list_view_choices")
    .values({
      user_id: choice.userId,
      object: choice.object,
      view_id: choice.viewId,
      updated_at: choice.at,
    })
    .onConflict((oc) =>
      oc.columns(["user_id", "object"]).doUpdateSet({ view_id: choice.viewId, updated_at: choice.at }),
    )
    .execute();
}
