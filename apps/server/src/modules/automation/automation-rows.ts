import type { Automation, AutomationDefinition } from "@keduo/core";
import { sql } from "kysely";
import type { Database, Db, Schemas, Trx } from "../../db/database.ts";

type Executor = Db | Trx;
const table = (schemas: Schemas, name: string) => sql.id(schemas.system, name);

interface AutomationRow {
  id: string;
  version: number;
  definition: AutomationDefinition;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (row: AutomationRow): Automation => ({
  ...row.definition,
  id: row.id,
  version: row.version,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

export async function loadAutomations(
  db: Executor,
  schemas: Schemas,
  where: { object?: string; id?: string } = {},
): Promise<Automation[]> {
  const { rows } = await sql<AutomationRow>`
    SELECT id, version, definition, created_at, updated_at FROM ${table(schemas, "automations")}
    WHERE (${where.object ?? null}::text IS NULL OR object = ${where.object ?? null})
      AND (${where.id ?? null}::uuid IS NULL OR id = ${where.id ?? null})
    ORDER BY object, api_name`.execute(db);
  return rows.map(fromRow);
}

/** Stores the automation and keeps its version: runs queued under it still find the definition they began with. */
export async function saveAutomation(trx: Trx, schemas: Schemas, automation: Automation): Promise<void> {
  const definition: AutomationDefinition = {
    api_name: automation.api_name,
    object: automation.object,
    labels: automation.labels,
    description: automation.description,
    enabled: automation.enabled,
    trigger: automation.trigger,
    condition: automation.condition,
    actions: automation.actions,
    run_as: automation.run_as,
  };
  const json = JSON.stringify(definition);
  await sql`INSERT INTO ${table(schemas, "automations")}
      (id, object, api_name, enabled, version, definition, created_at, updated_at)
    VALUES (${automation.id}, ${automation.object}, ${automation.api_name}, ${automation.enabled},
      ${automation.version}, ${json}::jsonb, ${automation.created_at}, ${automation.updated_at})
    ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, version = excluded.version,
      definition = excluded.definition, updated_at = excluded.updated_at`.execute(trx);
  await sql`INSERT INTO ${table(schemas, "automation_versions")} (automation_id, version, definition)
    VALUES (${automation.id}, ${automation.version}, ${json}::jsonb)
    ON CONFLICT DO NOTHING`.execute(trx);
}

export async function deleteAutomation(trx: Trx, schemas: Schemas, id: string): Promise<void> {
  await sql`DELETE FROM ${table(schemas, "automations")} WHERE id = ${id}`.execute(trx);
}

/** The definition a run began with (its automation may have changed or gone since). */
export async function loadAutomationVersion(
  db: Executor,
  schemas: Schemas,
  id: string,
  version: number,
): Promise<AutomationDefinition | null> {
  const { rows } = await sql<{ definition: AutomationDefinition }>`
    SELECT definition FROM ${table(schemas, "automation_versions")}
    WHERE automation_id = ${id} AND version = ${version}`.execute(db);
  return rows[0]?.definition ?? null;
}

/**
 * The versions runs use, kept once read: a version's definition never changes once saved (an edit saves the
 * next version), so every run of the same version after the first reads none. Bounded: a server that ran
 * many versions forgets them all and reads again.
 */
export class AutomationVersions {
  private readonly cache = new Map<string, AutomationDefinition>();
  private readonly database: Pick<Database, "db" | "schemas">;

  constructor(database: Pick<Database, "db" | "schemas">) {
    this.database = database;
  }

  async load(id: string, version: number): Promise<AutomationDefinition | null> {
    const key = `${id}/${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const definition = await loadAutomationVersion(this.database.db, this.database.schemas, id, version);
    if (!definition) return null;
    if (this.cache.size >= 1000) this.cache.clear();
    this.cache.set(key, definition);
    return definition;
  }
}
