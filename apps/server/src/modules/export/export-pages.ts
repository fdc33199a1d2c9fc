import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import type { RecordsService } from "../records/index.ts";
import type { PageNames } from "./cell-values.ts";
import type { ExportPlan } from "./export-plan.ts";

type Row = Record<string, unknown>;

/** Records per read: big enough to keep round trips few, small enough that memory stays flat. */
export const EXPORT_PAGE_SIZE = 500;

export interface ExportPage {
  records: Row[];
  names: PageNames;
}

const USER_TYPES = new Set(["user", "created_by", "updated_by", "owner_id"]);

/** Ids of users and departments a page shows, so their names come in one query each per page. */
function idsOf(plan: ExportPlan, records: Row[]) {
  const users = new Set<string>();
  const departments = new Set<string>();
  const add = (set: Set<string>, value: unknown) => {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === "string") set.add(item);
  };
  for (const column of plan.columns) {
    const field = plan.model.fieldByName.get(column.key);
    const type = field?.type === "formula" ? field.config.result_type : (field?.type ?? column.key);
    if (!USER_TYPES.has(type ?? "") && type !== "department") continue;
    for (const record of records) add(type === "department" ? departments : users, record[column.key]);
  }
  return { users: [...users], departments: [...departments] };
}

/**
 * User and department names are the organisation's directory (the user and department pickers show them to
 * every signed-in user), not record data; records themselves are read only through the records service.
 */
async function loadNames(database: Database, ids: { users: string[]; departments: string[] }) {
  const { db } = database;
  const [users, departments] = await Promise.all([
    ids.users.length
      ? db.selectFrom("users").select(["id", "name"]).where("id", "in", ids.users).execute()
      : [],
    ids.departments.length
      ? db.selectFrom("departments").select(["id", "name"]).where("id", "in", ids.departments).execute()
      : [],
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.name])),
    departments: new Map(departments.map((d) => [d.id, d.name])),
  };
}

/**
 * The plan's records page by page through the records service's keyset reads (its filter, sort, row
 * predicate and field mask), so no more than one page is ever held and nothing bypasses the access layer.
 */
export async function* exportPages(
  deps: { records: RecordsService; database: Database },
  plan: ExportPlan,
  access: AccessContext,
): AsyncGenerator<ExportPage> {
  let cursor: string | undefined;
  do {
    const page = await deps.records.reads.list(
      plan.model.object.apiName,
      { ...plan.query, limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      access,
    );
    const names = await loadNames(deps.database, idsOf(plan, page.records));
    yield { records: page.records, names };
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}
