import { type FieldDefinition, isUuid } from "@keduo/core";
import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import type { RecordsService } from "../records/index.ts";

/** text → ids of the records (or users) it names; several ids mean the text is ambiguous. */
export type Resolved = Map<string, string[]>;

const PAGE = 1000;

/**
 * Looks relation texts up in batches through the records service, so the importing user's access applies:
 * one query per field per batch of rows, never one per row. A UUID is taken as the id itself.
 */
export async function resolveRelation(
  records: RecordsService,
  access: AccessContext,
  field: FieldDefinition,
  lookupField: string,
  texts: Set<string>,
): Promise<Resolved> {
  const resolved: Resolved = new Map();
  const target = field.config.relation?.target ?? "";
  const names = [...texts].filter((t) => !isUuid(t));
  for (const text of texts) if (isUuid(text)) resolved.set(text, [text.toLowerCase()]);
  for (let i = 0; i < names.length; i += PAGE) {
    const chunk = names.slice(i, i + PAGE);
    let cursor: string | undefined;
    do {
      const page = await records.reads.list(
        target,
        {
          filter: { [lookupField]: { in: chunk } },
          fields: [lookupField],
          limit: PAGE,
          ...(cursor ? { cursor } : {}),
        },
        access,
      );
      for (const record of page.records) {
        const key = String(record[lookupField] ?? "").trim();
        resolved.set(key, [...(resolved.get(key) ?? []), String(record.id)]);
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }
  return resolved;
}

/** Users by email (case-insensitive) or by name, active ones only, in one query. */
export async function resolveUsers(database: Database, texts: Set<string>): Promise<Resolved> {
  const resolved: Resolved = new Map();
  if (texts.size === 0) return resolved;
  const list = [...texts];
  const { rows } = await sql<{ id: string; email: string; name: string }>`SELECT id, email, name
    FROM ${sql.id(database.schemas.system, "users")}
    WHERE status = 'active' AND (lower(email) = ANY(${list.map((t) => t.toLowerCase())}::text[])
      OR name = ANY(${list}::text[]))`.execute(database.db);
  for (const text of list) {
    const ids = rows
      .filter((u) => u.email.toLowerCase() === text.toLowerCase() || u.name === text)
      .map((u) => u.id);
    if (ids.length) resolved.set(text, [...new Set(ids)]);
  }
  return resolved;
}

/** "总部/销售部/华南组" or "销售部 > 华南组": a department by its parents, for names that repeat in the tree. */
const PATH_SEPARATOR = /\s*[/>＞]\s*/;

/**
 * Departments by name, or by path when a name repeats (华南组 under two 销售部 …): one query per batch for
 * every name a text mentions, the path checked against the parents in memory. Departments are the
 * organisation's directory (every signed-in user's picker shows them), read like users are. A UUID is
 * taken as the id.
 */
export async function resolveDepartments(database: Database, texts: Set<string>): Promise<Resolved> {
  const resolved: Resolved = new Map();
  const names = new Set<string>();
  for (const text of texts) {
    if (isUuid(text)) resolved.set(text, [text.toLowerCase()]);
    else {
      names.add(text);
      for (const segment of text.split(PATH_SEPARATOR)) if (segment) names.add(segment);
    }
  }
  if (names.size === 0) return resolved;
  const rows = await database.db
    .selectFrom("departments")
    .select(["id", "name", "parent_id"])
    .where("name", "in", [...names])
    .execute();
  const byId = new Map(rows.map((d) => [d.id, d]));
  const named = (name: string) => rows.filter((d) => d.name === name);
  // Whether the department's ancestors, nearest first, are named like the path's earlier segments.
  const under = (id: string | null, parents: string[]) => {
    let current = id;
    for (const name of parents) {
      const parent = current ? byId.get(current) : undefined;
      if (!parent || parent.name !== name) return false;
      current = parent.parent_id;
    }
    return true;
  };
  for (const text of texts) {
    if (resolved.has(text)) continue;
    // A name that itself holds a slash (研发/测试部) wins over reading it as a path.
    let ids = named(text).map((d) => d.id);
    const segments = text.split(PATH_SEPARATOR).filter(Boolean);
    if (ids.length === 0 && segments.length > 1) {
      const last = segments[segments.length - 1]!;
      const parents = segments.slice(0, -1).reverse();
      ids = named(last)
        .filter((d) => under(d.parent_id, parents))
        .map((d) => d.id);
    }
    if (ids.length) resolved.set(text, ids);
  }
  return resolved;
}
