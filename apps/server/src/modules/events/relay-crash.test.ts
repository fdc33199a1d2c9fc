import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import { HttpClient } from "../../test/http-client.ts";
import { testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";

const CHILD = new URL("./test-support/relay-child.ts", import.meta.url).pathname;
const postgresUrl = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const prefix = `crash${process.pid}_`;
const system = `${prefix}keduo`;
const admin = { email: "crash@keduo.test", password: "crash-password-1" };
const children: ChildProcess[] = [];

/** A server in its own process, so the test can kill it the hard way. */
async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CHILD], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: "0",
      DATABASE_URL: postgresUrl,
      KEDUO_SCHEMA_PREFIX: prefix,
      KEDUO_ADMIN_EMAIL: admin.email,
      KEDUO_ADMIN_PASSWORD: admin.password,
      // A killed instance's delivery turn ends quickly, so the next one takes over within the test.
      KEDUO_EVENTS_LEASE_SECONDS: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const collect = (chunk: Buffer) => {
      output += chunk;
      const match = /Keduo is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, url };
}

const client = new pg.Client({ connectionString: postgresUrl });

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  if (testEngine !== "postgres") return;
  await client.query(
    `DROP SCHEMA IF EXISTS ${prefix}ws_main CASCADE; DROP SCHEMA IF EXISTS ${system} CASCADE;
     DROP SCHEMA IF EXISTS ${system}_jobs CASCADE`,
  );
  await client.end();
});

describe.runIf(testEngine === "postgres")("kill -9 during delivery", () => {
  it("loses no event: the next server delivers from the dead one's last acknowledged position", async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${system};
      CREATE TABLE ${system}.crash_sink (event_id bigint, record_id uuid, version int,
        received bigint GENERATED ALWAYS AS IDENTITY)`);
    const first = await startChild();
    const api = new HttpClient(first.url);
    await api.login(admin.email, admin.password);
    await createObject(api, "item");
    await addField(api, "item", { api_name: "name", type: "text", required: true });
    const ids: string[] = [];
    for (let call = 0; call < 10; call++) {
      const created = await api.post("/api/records/item/bulk", {
        records: Array.from({ length: 50 }, (_, i) => ({ name: `i${call}-${i}` })),
      });
      expect(created.status, created.text).toBe(201);
      ids.push(...created.body.records.map((r: { id: string }) => r.id));
    }
    for (const id of ids.slice(0, 100)) await api.patch(`/api/records/item/${id}`, { name: "changed" });
    const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
    const total = await count(`SELECT count(*) AS n FROM ${system}.outbox WHERE object = 'item'`);
    expect(total).toBe(600);
    await until(
      "delivery to be under way",
      async () => (await count(`SELECT count(*) AS n FROM ${system}.crash_sink`)) >= 100,
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    const cut = await count(`SELECT count(DISTINCT event_id) AS n FROM ${system}.crash_sink`);
    expect(cut).toBeLessThan(total);

    const second = await startChild();
    await until(
      "the second server to deliver the rest",
      async () =>
        (await count(`SELECT count(*) AS n FROM ${system}.outbox o WHERE o.object = 'item'
          AND NOT EXISTS (SELECT 1 FROM ${system}.crash_sink s WHERE s.event_id = o.id)`)) === 0,
      60_000,
    );
    // At least once; per record, first deliveries in commit order (a redelivered batch repeats, never reorders).
    const { rows } = await client.query<{ record_id: string; versions: number[] }>(
      `SELECT record_id, array_agg(version ORDER BY first) AS versions FROM (
        SELECT record_id, version, min(received) AS first FROM ${system}.crash_sink GROUP BY record_id, version) f
       GROUP BY record_id`,
    );
    expect(rows).toHaveLength(500);
    for (const row of rows) {
      const expected = ids.slice(0, 100).includes(row.record_id) ? [1, 2] : [1];
      expect(row.versions).toEqual(expected);
    }
    second.child.kill("SIGTERM");
    await new Promise((resolve) => second.child.once("exit", resolve));
  });
});
