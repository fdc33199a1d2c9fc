import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../test/test-app.ts";
import { emptyRound, runMaintenanceRound } from "./embedded-maintenance.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "parcel", "包裹", "Parcel");
  await addField(app.admin, "parcel", { api_name: "code", type: "text" });
  await addField(app.admin, "parcel", { api_name: "weight", type: "number", config: { decimals: 1 } });
});

afterAll(() => app?.close());

async function createParcels(count: number) {
  for (let start = 0; start < count; start += 1000) {
    const records = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      code: `P-${start + i}`,
      weight: (start + i) % 50,
    }));
    const response = await app.admin.post("/api/records/parcel/bulk", { records });
    expect(response.status, response.text).toBe(201);
  }
}

async function plannerRows(): Promise<number> {
  const result = await sql<{ reltuples: number }>`SELECT c.reltuples::float8 AS reltuples
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${app.database.schemas.workspace} AND c.relname = 'parcel'`.execute(app.database.db);
  return result.rows[0]!.reltuples;
}

const walSinceCheckpoint = async () =>
  (
    await sql<{ bytes: number }>`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(),
      (pg_control_checkpoint()).redo_lsn)::float8 AS bytes`.execute(app.database.db)
  ).rows[0]!.bytes;

describe.runIf(testEngine === "pglite")("embedded database maintenance (PGlite: no autovacuum)", () => {
  it("analyzes an object's table after a large write, and leaves it alone until the next one", async () => {
    await createParcels(3000);
    expect(await plannerRows()).toBeLessThan(3000);
    const round = await app.server.maintenance.runOnce();
    const table = `${app.database.schemas.workspace}.parcel`;
    expect(round.analyzed).toContain(table);
    // 3,000 inserts also pass the insert rule: vacuumed, so index-only scans can trust the visibility map.
    expect(round.vacuumed).toContain(table);
    expect(await plannerRows()).toBe(3000);
    const analyzed = await sql<{ last_analyze: Date | null }>`SELECT last_analyze FROM pg_stat_user_tables
      WHERE schemaname = ${app.database.schemas.workspace} AND relname = 'parcel'`.execute(app.database.db);
    expect(analyzed.rows[0]!.last_analyze).not.toBeNull();

    await app.admin.post("/api/records/parcel", { code: "one more" });
    const quiet = await app.server.maintenance.runOnce();
    expect(quiet.analyzed).not.toContain(table);
  });

  it("rebuilds the indexes of a table a vacuum left empty, which a vacuum alone keeps at full size", async () => {
    await createParcels(3000);
    await app.server.maintenance.runOnce();
    const table = sql.id(app.database.schemas.workspace, "parcel");
    const indexBytes = async () =>
      (
        await sql<{
          bytes: number;
        }>`SELECT pg_indexes_size(format('%I.%I', ${app.database.schemas.workspace}::text,
          'parcel'::text)::regclass)::float8 AS bytes`.execute(app.database.db)
      ).rows[0]!.bytes;
    // An index on a long text expression: wide enough for 3,000 rows to pass the 1 MiB threshold.
    await sql`CREATE INDEX parcel_wide ON ${table} ((repeat(code, 40)))`.execute(app.database.db);
    const full = await indexBytes();
    expect(full).toBeGreaterThan(1024 * 1024);
    await sql`DELETE FROM ${table}`.execute(app.database.db);
    const round = await app.server.maintenance.runOnce();
    const label = `${app.database.schemas.workspace}.parcel`;
    expect(round.vacuumed).toContain(label);
    expect(round.reindexed).toEqual([label]);
    expect(await indexBytes()).toBeLessThan(full / 10);
    await sql`DROP INDEX ${sql.id(app.database.schemas.workspace, "parcel_wide")}`.execute(app.database.db);
  });

  it("vacuums a table whose few deleted rows held many TOAST rows (an import's stored file)", async () => {
    const table = sql.id(app.database.schemas.workspace, "blobs");
    await sql`CREATE TABLE ${table} (id int PRIMARY KEY, data bytea)`.execute(app.database.db);
    // Ten rows of 512 KiB of random bytes (incompressible): about 2,600 TOAST rows.
    await sql`INSERT INTO ${table} SELECT g, (SELECT decode(string_agg(md5(random()::text || i), ''), 'hex')
      FROM generate_series(1, 32768) i) FROM generate_series(1, 10) g`.execute(app.database.db);
    await app.server.maintenance.runOnce();
    const size = async () =>
      (
        await sql<{ bytes: number }>`SELECT pg_total_relation_size(format('%I.%I',
          ${app.database.schemas.workspace}::text, 'blobs'::text)::regclass)::float8 AS bytes`.execute(
          app.database.db,
        )
      ).rows[0]!.bytes;
    expect(await size()).toBeGreaterThan(5 * 1024 * 1024);
    await sql`DELETE FROM ${table}`.execute(app.database.db);
    const round = await app.server.maintenance.runOnce();
    expect(round.vacuumed).toContain(`${app.database.schemas.workspace}.blobs`);
    expect(await size()).toBeLessThan(256 * 1024);
    await sql`DROP TABLE ${table}`.execute(app.database.db);
  });

  it("checkpoints once the write-ahead log since the last checkpoint passed the threshold", async () => {
    await createParcels(1000);
    const before = await walSinceCheckpoint();
    expect(before).toBeGreaterThan(64 * 1024);
    const under = await runMaintenanceRound(app.database, { checkpointAfterBytes: before * 100 });
    expect(under.checkpointed).toBe(false);
    const over = await runMaintenanceRound(app.database, { checkpointAfterBytes: 64 * 1024 });
    expect(over.checkpointed).toBe(true);
    expect(await walSinceCheckpoint()).toBeLessThan(64 * 1024);
  });

  it("checkpoints at a lower threshold in a round that found nothing else to do", async () => {
    await createParcels(1000);
    const busy = await runMaintenanceRound(app.database, {
      checkpointAfterBytes: 2 ** 30,
      idleCheckpointAfterBytes: 64 * 1024,
    });
    expect(busy.analyzed.length + busy.vacuumed.length).toBeGreaterThan(0);
    expect(busy.checkpointed).toBe(false);
    const idle = await runMaintenanceRound(app.database, {
      checkpointAfterBytes: 2 ** 30,
      idleCheckpointAfterBytes: 64 * 1024,
    });
    expect(idle).toMatchObject({ analyzed: [], vacuumed: [], checkpointed: true });
    expect(await walSinceCheckpoint()).toBeLessThan(64 * 1024);
    // The segment file it wrote into was switched away from: the new one holds only the checkpoint.
    const segment = await sql<{ offset: number }>`SELECT
      (pg_walfile_name_offset(pg_current_wal_lsn())).file_offset::float8 AS offset`.execute(app.database.db);
    expect(segment.rows[0]!.offset).toBeLessThan(64 * 1024);
  });
});

describe.runIf(testEngine === "postgres")("embedded database maintenance on PostgreSQL", () => {
  it("does nothing: autovacuum and the checkpointer are PostgreSQL's own", async () => {
    await createParcels(1000);
    const round = await app.server.maintenance.runOnce();
    expect(round).toEqual(emptyRound());
  });
});
