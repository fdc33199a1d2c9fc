import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { loadSnapshot } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { storedFormulas } from "./stored-formula-paths.ts";
import { computedSql } from "./stored-formula-sql.ts";

let app: TestApp;

/** A small seeded generator (mulberry32): the same writes on every run and both engines. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const relation = (target: string, inverse: string) => ({
  relation: {
    target,
    cardinality: "many_to_one",
    inverse_name: inverse,
    inverse_labels: label(inverse, inverse),
  },
});
const select = (...values: string[]) => ({
  options: values.map((value) => ({ value, labels: label(value, value) })),
});
// Stored rollups count as the system (ADR 0015); on the other formulas `rollup_as` changes nothing.
const stored = (api_name: string, expression: string) => ({
  api_name,
  type: "formula",
  config: { expression, stored: true, rollup_as: "system" },
});

/** Rows whose stored value differs from the value computed from the rows as they are (deleted ones included). */
async function mismatches() {
  const snapshot = await loadSnapshot(app.database.db);
  const found: unknown[] = [];
  for (const field of storedFormulas(snapshot)) {
    const value = computedSql(snapshot, app.database.schemas, field, "s");
    const { rows } = await sql`SELECT s.id, s.${sql.id(field.apiName)} AS stored, ${value} AS computed
      FROM ${objectTable(app.database.schemas, field.objectApiName)} s
      WHERE s.${sql.id(field.apiName)} IS DISTINCT FROM ${value}`.execute(app.database.db);
    found.push(
      ...rows.map((row) => ({ field: `${field.objectApiName}.${field.apiName}`, ...(row as object) })),
    );
  }
  return found;
}

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "account");
  await addField(app.admin, "account", { api_name: "tier", type: "single_select", config: select("a", "b") });
  await createObject(app.admin, "deal");
  await addField(app.admin, "deal", { api_name: "title", type: "text" });
  await addField(app.admin, "deal", { api_name: "amount", type: "currency" });
  await addField(app.admin, "deal", { api_name: "discount", type: "percent" });
  await addField(app.admin, "deal", {
    api_name: "account",
    type: "relation",
    config: relation("account", "deals"),
  });
  await createObject(app.admin, "payment");
  await addField(app.admin, "payment", { api_name: "amount", type: "currency" });
  await addField(app.admin, "payment", {
    api_name: "status",
    type: "single_select",
    config: select("in", "out"),
  });
  await addField(app.admin, "payment", {
    api_name: "deal",
    type: "relation",
    config: relation("deal", "payments"),
  });
  await addField(
    app.admin,
    "deal",
    stored("net", "IF(discount > 30, amount / 2, amount * (1 - discount / 100))"),
  );
  await addField(app.admin, "deal", stored("label", 'account.tier & "-" & title'));
  await addField(app.admin, "deal", stored("received", 'SUM(payments.amount, payments.status = "in")'));
  await addField(app.admin, "deal", stored("payment_count", "COUNT(payments)"));
  await addField(app.admin, "account", stored("pipeline", "SUM(deals.net, deals.discount < 50)"));
  await addField(
    app.admin,
    "deal",
    stored("share", "IF(account.pipeline > 0, net / account.pipeline, BLANK)"),
  );
});

afterAll(() => app?.close());

describe(`stored formulas against computed values on ${testEngine}`, () => {
  for (const seed of [1, 2, 3]) {
    it(`stay equal through random writes (seed ${seed})`, async () => {
      const rng = random(seed);
      type Ids = { account: string[]; deal: string[]; payment: string[] };
      const live: Ids = { account: [], deal: [], payment: [] };
      const deleted: Ids = { account: [], deal: [], payment: [] };
      const money = () => (rng.chance(0.1) ? null : { amount: `${rng.int(100000) / 100}`, currency: "CNY" });
      const values = {
        account: () => ({ tier: rng.pick(["a", "b", null]) }),
        deal: () => ({
          title: rng.pick(["x", "y", null]),
          amount: money(),
          discount: rng.chance(0.2) ? null : rng.int(60),
          account: live.account.length && rng.chance(0.9) ? rng.pick(live.account) : null,
        }),
        payment: () => ({
          amount: money(),
          status: rng.pick(["in", "out"]),
          deal: live.deal.length && rng.chance(0.9) ? rng.pick(live.deal) : null,
        }),
      };
      const objects = ["account", "deal", "payment", "payment"] as const;
      for (let step = 0; step < 45; step++) {
        const object = rng.pick(objects);
        const ids = live[object];
        const action =
          ids.length < 2 ? "create" : rng.pick(["create", "update", "update", "delete", "restore", "bulk"]);
        if (action === "create") {
          const response = await app.admin.post(`/api/records/${object}`, values[object]());
          expect(response.status, response.text).toBe(201);
          ids.push(response.body.id);
        } else if (action === "update") {
          const response = await app.admin.patch(`/api/records/${object}/${rng.pick(ids)}`, values[object]());
          expect(response.status, response.text).toBe(200);
        } else if (action === "delete") {
          const id = ids.splice(rng.int(ids.length), 1)[0]!;
          const permanent = object === "payment" && rng.chance(0.3);
          const response = await app.admin.delete(
            `/api/records/${object}/${id}${permanent ? "?permanent=true" : ""}`,
          );
          expect(response.status, response.text).toBe(204);
          if (!permanent) deleted[object].push(id);
        } else if (action === "restore" && deleted[object].length) {
          const id = deleted[object].pop()!;
          const response = await app.admin.post(`/api/records/${object}/${id}/restore`, {});
          expect(response.status, response.text).toBe(200);
          ids.push(id);
        } else {
          const picked = [...new Set([rng.pick(ids), rng.pick(ids), rng.pick(ids)])];
          const response = await app.admin.patch(`/api/records/${object}/bulk`, {
            records: picked.map((id) => ({ id, ...values[object]() })),
          });
          expect(response.status, response.text).toBe(200);
        }
      }
      expect(await mismatches()).toEqual([]);
    });
  }
});
