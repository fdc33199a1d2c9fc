import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";

export interface Person {
  id: string;
  name: string;
  email: string;
  locale: string | null;
  active: boolean;
}

/**
 * The users one action names, read through its transaction and kept for it: the record's people shown in a
 * text, the recipients checked for being active, their addresses and languages are mostly the same few users
 * (a reminder to the owner: one), so one statement serves them all instead of one per question.
 */
export class People {
  private readonly known = new Map<string, Person | null>();
  private readonly trx: Trx;
  private readonly schemas: Schemas;

  constructor(trx: Trx, schemas: Schemas) {
    this.trx = trx;
    this.schemas = schemas;
  }

  /** The users of these ids that exist, by id (unknown ids are left out). */
  async get(ids: readonly string[]): Promise<Map<string, Person>> {
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    if (missing.length) {
      const { rows } = await sql<Person>`SELECT id, name, email, locale, status = 'active' AS active
        FROM ${sql.id(this.schemas.system, "users")} WHERE id = ANY(${missing}::uuid[])`.execute(this.trx);
      for (const id of missing) this.known.set(id, null);
      for (const row of rows) this.known.set(row.id, row);
    }
    const found = new Map<string, Person>();
    for (const id of ids) {
      const person = this.known.get(id);
      if (person) found.set(id, person);
    }
    return found;
  }
}
