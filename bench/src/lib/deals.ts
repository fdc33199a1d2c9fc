import type pg from "pg";
import type { BenchServer } from "./server.ts";
import { benchAdminId } from "./server.ts";

/**
 * Issue 19's 10-field `deals` object and its data (the rows, counts and advisor benches): created through the
 * metadata API without any `indexed` flag, filled set-based in SQL, and the same data in a Directus-layout table.
 */
export const OBJECT = "deals";

export const labels = (name: string) => ({ "zh-CN": name, en: name });
const options = (values: string[]) => ({
  options: values.map((value) => ({ value, labels: labels(value) })),
});
const STATUSES = ["lead", "prospect", "customer", "churned"];
const SOURCES = ["web", "referral", "event", "ads"];

export const FIELDS = [
  { api_name: "name", type: "text" },
  { api_name: "company", type: "text" },
  { api_name: "email", type: "email" },
  { api_name: "phone", type: "phone" },
  { api_name: "status", type: "single_select", config: options(STATUSES) },
  { api_name: "source", type: "single_select", config: options(SOURCES) },
  { api_name: "amount", type: "number" },
  { api_name: "probability", type: "number" },
  { api_name: "close_date", type: "date" },
  { api_name: "is_priority", type: "boolean" },
];
export const COLUMNS = FIELDS.map((f) => f.api_name).join(", ");

/** The same values for row i in every table (25 % customer, amounts 0–199,999, dates over three years). */
export const VALUES = `
  (ARRAY['上海','北京','深圳','杭州'])[1 + i % 4] || (ARRAY['星辰','华信','远航','创新'])[1 + (i / 4) % 4] || '项目 ' || i,
  (ARRAY['星辰科技有限公司','华信集团','远航物流股份','创新软件'])[1 + (i / 7) % 4],
  'contact' || i || '@example.com',
  '+86 138' || lpad((i % 100000000)::text, 8, '0'),
  (ARRAY['${STATUSES.join("','")}'])[1 + (i * 7) % 4],
  (ARRAY['${SOURCES.join("','")}'])[1 + (i * 13) % 4],
  (i::bigint * 7919) % 200000,
  (i * 31) % 101,
  date '2024-01-01' + (i * 37) % 1095,
  i % 3 = 0`;

/** Issue 19's list: customers above 50,000, newest close date first, a page of 50. */
export const LIST_FILTER = { and: [{ status: { eq: "customer" } }, { amount: { gt: 50000 } }] };
export const LIST_PATH = `/api/records/${OBJECT}?filter=${encodeURIComponent(JSON.stringify(LIST_FILTER))}&sort=-close_date&limit=50`;
export const DIRECTUS_LIST = `SELECT * FROM directus_layout.deals WHERE status = 'customer' AND amount > 50000
  ORDER BY close_date DESC, id DESC LIMIT 50`;

/** The object and its fields through the metadata API, then `rows` records in its table, analyzed. */
export async function createDeals(server: BenchServer, rows: number): Promise<void> {
  await server.api.expect("POST", "/api/meta/objects", { api_name: OBJECT, labels: labels(OBJECT) }, 201);
  for (const field of FIELDS)
    await server.api.expect(
      "POST",
      `/api/meta/objects/${OBJECT}/fields`,
      { ...field, labels: labels(field.api_name) },
      201,
    );
  const { pool, schemas } = server.database;
  const ws = schemas.workspace;
  await pool.query(
    `INSERT INTO "${ws}".${OBJECT} (id, created_at, updated_at, created_by, updated_by, owner_id, version, ${COLUMNS})
     SELECT gen_random_uuid(), now(), now(), $1, $1, $1, 1, ${VALUES} FROM generate_series(1, $2::int) AS i`,
    [await benchAdminId(pool, schemas.system), rows],
  );
  await pool.query(`VACUUM (ANALYZE) "${ws}".${OBJECT}`);
}

/** The same rows in Directus's layout: an integer id, varchar(255) for text and selects, integer numbers. */
export async function createDirectusLayout(pool: pg.Pool, rows: number): Promise<void> {
  await pool.query(`CREATE SCHEMA directus_layout`);
  await pool.query(`CREATE TABLE directus_layout.deals (id serial PRIMARY KEY,
    name varchar(255), company varchar(255), email varchar(255), phone varchar(255), status varchar(255),
    source varchar(255), amount integer, probability integer, close_date date, is_priority boolean)`);
  await pool.query(
    `INSERT INTO directus_layout.deals (${COLUMNS}) SELECT ${VALUES} FROM generate_series(1, $1::int) AS i`,
    [rows],
  );
  await pool.query("VACUUM (ANALYZE) directus_layout.deals");
}
