import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";

/**
 * Notifications straight into the database: nothing in the product writes one yet (the automation engine will),
 * and no route may, so this suite runs its server on PostgreSQL in schemas of its own and inserts rows the way
 * the notifications service does.
 */
export const POSTGRES_URL = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

export interface SeededNotification {
  title: { "zh-CN": string; en: string };
  body: { "zh-CN": string; en: string };
  link?: { object: string; recordId: string };
  minutesAgo: number;
  read?: boolean;
}

export class NotificationSeeder {
  /** `KEDUO_SCHEMA_PREFIX` for the server: its schemas are this suite's alone. */
  readonly schemaPrefix = `e2e${randomBytes(4).toString("hex")}_`;
  private readonly client = new pg.Client({ connectionString: POSTGRES_URL });
  private connected = false;

  private async connection() {
    if (!this.connected) await this.client.connect();
    this.connected = true;
    return this.client;
  }

  private get table() {
    return `${this.client.escapeIdentifier(`${this.schemaPrefix}keduo`)}.notifications`;
  }

  async insert(userId: string, notification: SeededNotification): Promise<string> {
    const id = randomUUID();
    const created = new Date(Date.now() - notification.minutesAgo * 60_000);
    await (await this.connection()).query(
      `INSERT INTO ${this.table} (id, user_id, title, body, link_object, link_record_id, created_at, read_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        userId,
        JSON.stringify(notification.title),
        JSON.stringify(notification.body),
        notification.link?.object ?? null,
        notification.link?.recordId ?? null,
        created,
        notification.read ? created : null,
      ],
    );
    return id;
  }

  /** Drops the server's schemas (after it stopped) and disconnects. */
  async dispose(): Promise<void> {
    const client = await this.connection();
    for (const schema of ["keduo", "ws_main", "keduo_jobs"])
      await client.query(
        `DROP SCHEMA IF EXISTS ${client.escapeIdentifier(this.schemaPrefix + schema)} CASCADE`,
      );
    await client.end();
  }
}
