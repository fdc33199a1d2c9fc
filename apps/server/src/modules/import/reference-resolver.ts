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
