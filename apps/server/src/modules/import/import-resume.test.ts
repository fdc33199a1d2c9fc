import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { createImportFixture, settle, upload } from "./import.test-support.ts";

let base: TestApp;
let importer: HttpClient;
const ROWS = 2000;

/** Another server on the same database, with small batches so a run spans many checkpoints. */
function instance(): Promise<TestApp> {
  return startTestApp({ sameDatabaseAs: base, env: { KEDUO_IMPORT_BATCH_SIZE: "10" } });
}

const csv = (prefix: string) =>
  Buffer.from(
    ["客户名称", ...Array.from({ length: ROWS }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`)].join(
      "\n",
    ),
  );

const settings = { sheet: "CSV", header_row: 1, mapping: [{ column: "A", field: "name" }] };

async function names(prefix: string): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
  }>`SELECT name FROM ${sql.id(base.database.schemas.workspace, "account")}
    WHERE name LIKE ${`${prefix}%`} ORDER BY name`.execute(base.database.db);
  return rows.map((r) => r.name);
}

async function progressed(client: HttpClient, id: string, rows: number) {
  for (;;) {
    const view = (await client.get(`/api/imports/${id}`)).body;
    if (view.progress.rows_done >= rows || view.status !== "running") return view;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  base = await startTestApp();
  // Every instance works the one job queue; this one only serves requests, so the runs are worked by the
  // instances each test starts and stops.
  await base.server.jobs.stop();
  await createImportFixture(base.admin);
  const role = await base.admin.patch("/api/meta/roles/member", {
    permissions: { default_objects: { read: true, create: true, edit: true, delete: true } },
  });
  expect(role.status, role.text).toBe(200);
  const user = await base.admin.post("/api/users", {
    email: "importer@keduo.test",
    name: "导入员",
    password: "importer password 1",
    roles: ["member"],
  });
  expect(user.status, user.text).toBe(201);
  importer = await base.login("importer@keduo.test", "importer password 1");
});
afterAll(() => base?.close());

describe("import runs as a durable job", () => {
  it("a stopped server leaves committed batches and a checkpoint; the next one resumes to exactly once", async () => {
    const first = await instance();
    const client = await first.login("importer@keduo.test", "importer password 1");
    const uploaded = await upload(client, "account", "big.csv", csv("R"));
    const id = uploaded.body.id;
    expect((await client.post(`/api/imports/${id}/run`, settings)).status).toBe(202);
    await progressed(client, id, 50);
    await first.close();
    const stopped = (await importer.get(`/api/imports/${id}`)).body;
    expect(stopped.status).toBe("running");
    expect(stopped.progress.rows_done).toBeGreaterThanOrEqual(50);
    expect(stopped.progress.rows_done).toBeLessThan(ROWS);
    // Exactly the committed batches are stored: nothing of a batch in flight.
    expect((await names("R")).length).toBe(stopped.counts.created);

    const second = await instance();
    try {
      const done = await settle(importer, id);
      expect(done.status).toBe("completed");
      expect(done.counts).toEqual({ created: ROWS, updated: 0, skipped: 0, failed: 0 });
      expect(await names("R")).toEqual(
        Array.from({ length: ROWS }, (_, i) => `R${String(i).padStart(4, "0")}`),
      );
    } finally {
      await second.close();
    }
  });

  it("a run that fails as a whole takes back its committed batches", async () => {
    const server = await instance();
    try {
      const client = await server.login("importer@keduo.test", "importer password 1");
      const id = (await upload(client, "account", "big.csv", csv("F"))).body.id;
      expect((await client.post(`/api/imports/${id}/run`, settings)).status).toBe(202);
      await progressed(client, id, 30);
      // The importer loses the right to create accounts mid-run.
      const revoked = await base.admin.patch("/api/meta/roles/member", {
        permissions: { default_objects: { read: true, create: false, edit: true, delete: true } },
      });
      expect(revoked.status).toBe(200);
      const done = await settle(client, id);
      expect(done.status).toBe("failed");
      expect(done.failure.code).toBe("FORBIDDEN");
      expect(await names("F")).toEqual([]);
    } finally {
      await base.admin.patch("/api/meta/roles/member", {
        permissions: { default_objects: { read: true, create: true, edit: true, delete: true } },
      });
      await server.close();
    }
  });
});
