import { ApiClient, createApiToken } from "../lib/api-client.ts";
import { progress } from "../lib/progress.ts";
import { createRng } from "../lib/random.ts";
import type { BenchServer } from "../lib/server.ts";
import { label } from "../lib/words.ts";

const BATCH = 1000;
const REPS = ["rep1", "rep2"] as const;

/** A many-to-one relation field of `object` to `target`, listed on the target as `inverse`. */
const relation = (api_name: string, target: string, inverse: string) => ({
  api_name,
  type: "relation",
  labels: label(api_name, api_name),
  config: {
    relation: {
      target,
      cardinality: "many_to_one",
      inverse_name: inverse,
      inverse_labels: label(inverse, inverse),
    },
  },
});

async function createRecords(api: ApiClient, object: string, rows: Array<Record<string, unknown>>) {
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const { records } = await api.expect<{ records: Array<{ id: string }> }>(
      "POST",
      `/api/records/${object}/bulk`,
      { records: rows.slice(start, start + BATCH) },
      201,
    );
    ids.push(...records.map((r) => r.id));
  }
  return ids;
}

/**
 * Gives each record to one of the reps by the last hex digit of its id (a random half each). Straight SQL:
 * the transfer API writes one row per statement, minutes for 30,000 records, and what it adds (versions,
 * audit) plays no part in what is measured.
 */
async function splitBetweenReps(server: BenchServer, object: string, reps: string[]) {
  const table = `"${server.database.schemas.workspace}"."${object}"`;
  await server.database.pool.query(
    `UPDATE ${table} SET owner_id = CASE WHEN ('x' || right(id::text, 1))::bit(4)::int % 2 = 0 THEN $1::uuid ELSE $2::uuid END`,
    reps,
  );
}

/**
 * Private customers and deals split between two reps, each deal on a random customer (so about half of a
 * rep's deals look up a colleague's customer), a lookup `deal.cust_name = customer.name` and a rollup
 * `customer.pipeline = SUM(deals.amount)` with no `rollup_as`: the default, whatever the code under test
 * makes of it. Returns an API client per rep.
 */
export async function buildReaderDataset(server: BenchServer, sizes: { customers: number; deals: number }) {
  const { api } = server;
  const scope = "reader-formulas";
  for (const [object, zh, en] of [
    ["customer", "客户", "Customer"],
    ["deal", "商机", "Deal"],
  ] as const) {
    await api.expect("POST", "/api/meta/objects", { api_name: object, labels: label(zh, en) }, 201);
    await api.expect("PATCH", `/api/meta/objects/${object}`, { sharing_default: "private" }, 200);
  }
  const field = (object: string, body: Record<string, unknown>) =>
    api.expect("POST", `/api/meta/objects/${object}/fields`, { labels: label("f", "f"), ...body }, 201);
  await field("customer", { api_name: "name", type: "text", indexed: true });
  await field("deal", { api_name: "title", type: "text", indexed: true });
  await field("deal", { api_name: "amount", type: "number", config: { scale: 2 } });
  await field("deal", relation("customer", "customer", "deals"));
  await field("deal", { api_name: "cust_name", type: "formula", config: { expression: "customer.name" } });
  await field("customer", {
    api_name: "pipeline",
    type: "formula",
    config: { expression: "SUM(deals.amount)" },
  });
  await api.expect(
    "PATCH",
    "/api/meta/roles/member",
    { permissions: { default_objects: { read: true, create: true, edit: true, delete: true } } },
    200,
  );
  const clients: Record<string, ApiClient> = {};
  const ownerIds: string[] = [];
  for (const name of REPS) {
    const email = `${name}@bench.keduo.local`;
    const { user } = await api.expect<{ user: { id: string } }>(
      "POST",
      "/api/users",
      { email, name, password: "bench-password-2026" },
      201,
    );
    ownerIds.push(user.id);
    clients[name] = new ApiClient(server.url, await createApiToken(server.url, email, "bench-password-2026"));
  }
  const rng = createRng(18);
  const customers = await createRecords(
    api,
    "customer",
    Array.from({ length: sizes.customers }, (_, i) => ({ name: `Customer ${String(i).padStart(6, "0")}` })),
  );
  progress(scope, `${customers.length} customers`);
  const deals = await createRecords(
    api,
    "deal",
    Array.from({ length: sizes.deals }, (_, i) => ({
      title: `Deal ${String(i).padStart(6, "0")}`,
      amount: rng.int(1_000_000) / 100,
      customer: rng.pick(customers),
    })),
  );
  progress(scope, `${deals.length} deals`);
  await splitBetweenReps(server, "customer", ownerIds);
  await splitBetweenReps(server, "deal", ownerIds);
  progress(scope, "records split between the reps");
  return clients as Record<(typeof REPS)[number], ApiClient>;
}
