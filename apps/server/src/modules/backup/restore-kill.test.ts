import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../../test/test-app.ts";
import {
  killAll,
  killCliAt,
  postgresQuery,
  type RunningKeduo,
  runCli,
  startKeduo,
  TEST_POSTGRES_URL,
} from "./backup-test-support.ts";

/**
 * `kill -9` of `keduo restore --force` (the real CLI, paused at a step by KEDUO_TEST_PAUSE_AT) before,
 * during and after the swap: afterwards the old or the new installation is there, complete, and the next
 * `keduo start` says which (ADR 0016).
 */

const work = mkdtempSync(join(tmpdir(), "keduo-restore-kill-"));
const prefix = `rk${process.pid}_`;
const dataDir = join(work, "data");
// The servers started here keep their socket directories in a temp folder of their own: every Keduo start
// sweeps dead ones, so a start in a parallel test file would otherwise clean up what this file checks.
const temp = join(work, "tmp");
mkdirSync(temp);
const env: Record<string, string> = {
  TMPDIR: temp,
  ...(testEngine === "postgres"
    ? { DATABASE_URL: TEST_POSTGRES_URL, KEDUO_SCHEMA_PREFIX: prefix }
    : { KEDUO_DATA_DIR: dataDir }),
};
const backupFile = join(work, "three-notes.kdbackup");
const BACKED_UP = ["one", "two", "three"];

async function ourSchemas(): Promise<string[]> {
  const { rows } = await postgresQuery("SELECT nspname FROM pg_namespace ORDER BY nspname");
  return rows.map((row) => row.nspname as string).filter((name) => name.startsWith(prefix));
}

afterAll(async () => {
  killAll();
  rmSync(work, { recursive: true, force: true });
  if (testEngine === "postgres") {
    for (const name of await ourSchemas())
      await postgresQuery(`DROP SCHEMA ${pg.escapeIdentifier(name)} CASCADE`);
  }
});

async function noteBodies(server: RunningKeduo): Promise<string[]> {
  const response = await server.admin.get("/api/records/note?limit=100&sort=body");
  expect(response.status, response.text).toBe(200);
  return (response.body.records as Array<{ body: string }>).map((record) => record.body).sort();
}

async function addNote(server: RunningKeduo, body: string): Promise<void> {
  const response = await server.admin.post("/api/records/note", { body });
  expect(response.status, response.text).toBe(201);
}

/** Nothing a restore or backup stages is left: only the live installation. */
async function expectNoLeftovers(): Promise<void> {
  if (testEngine === "postgres") {
    expect((await ourSchemas()).filter((name) => name.includes("_replaced_"))).toEqual([]);
  } else {
    expect(readdirSync(dataDir).filter((name) => name !== "keduo.lock")).toEqual(["pg"]);
  }
}

type Outcome = "old" | "backup";

/** Where each engine's restore can be killed, what must be there afterwards, and what start must say. */
const cases: Array<{ point: string; outcome: Outcome; says: RegExp | null }> =
  testEngine === "postgres"
    ? [
        { point: "restore:before-swap", outcome: "old", says: null },
        {
          point: "restore:after-rename",
          outcome: "old",
          says: /interrupted before the backup was in place: rolled it back/,
        },
        {
          point: "restore:during-swap",
          outcome: "old",
          says: /interrupted before the backup was in place: rolled it back/,
        },
        {
          point: "restore:after-swap",
          outcome: "backup",
          says: /interrupted after the backup was in place: finished it/,
        },
      ]
    : [
        {
          point: "restore:before-swap",
          outcome: "old",
          says: /Removed \.restore-[0-9a-f]+, left by a restore that was interrupted before it changed anything/,
        },
        {
          point: "restore:after-rename",
          outcome: "backup",
          says: /was interrupted after the backup had been unpacked and checked: finished it/,
        },
        {
          point: "restore:after-swap",
          outcome: "backup",
          says: /was interrupted after the backup had been unpacked and checked: finished it/,
        },
      ];

describe(`a killed restore (${testEngine})`, () => {
  let server: RunningKeduo;

  beforeAll(async () => {
    server = await startKeduo(env);
    const created = await server.admin.post("/api/meta/objects", {
      api_name: "note",
      labels: { "zh-CN": "笔记", en: "Note" },
    });
    expect(created.status, created.text).toBe(201);
    const field = await server.admin.post("/api/meta/objects/note/fields", {
      api_name: "body",
      type: "text",
      labels: { "zh-CN": "内容", en: "Body" },
    });
    expect(field.status, field.text).toBe(201);
    for (const body of BACKED_UP) await addNote(server, body);
    await server.stop();
    const backup = await runCli(["backup", backupFile], env);
    expect(backup.code, backup.output).toBe(0);
    server = await startKeduo(env);
  }, 180_000);

  for (const { point, outcome, says } of cases) {
    it(`killed at ${point}: start finds the ${outcome === "old" ? "installation from before" : "backup"}, complete, and says so`, async () => {
      // Something only the live installation has, so "old" and "backup" cannot be confused.
      const marker = `written before the restore killed at ${point}`;
      await addNote(server, marker);
      const before = await noteBodies(server);
      await server.stop();

      await killCliAt(point, ["restore", backupFile, "--force"], env);

      server = await startKeduo(env);
      const output = server.output();
      expect(output).not.toMatch(/first administrator/);
      if (says) expect(output).toMatch(says);
      else expect(output).not.toMatch(/restore/i);
      expect(await noteBodies(server)).toEqual(outcome === "old" ? before : [...BACKED_UP].sort());
      await expectNoLeftovers();
    }, 120_000);
  }

  it("a restore run again after a killed one settles it first, then restores", async () => {
    await addNote(server, "written before two restores");
    await server.stop();
    await killCliAt("restore:after-rename", ["restore", backupFile, "--force"], env);
    const again = await runCli(["restore", backupFile, "--force"], env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/rolled it back|finished it/);
    server = await startKeduo(env);
    expect(server.output()).not.toMatch(/restore/i);
    expect(await noteBodies(server)).toEqual([...BACKED_UP].sort());
    await expectNoLeftovers();
  }, 120_000);

  it.runIf(testEngine === "pglite")(
    "a killed backup's copy and socket directory are removed by the next start, which says so",
    async () => {
      await server.stop();
      const killed = await killCliAt("backup:after-snapshot", ["backup", join(work, "killed.kdbackup")], env);
      const snapshots = readdirSync(dataDir).filter((name) => name.startsWith(".snapshot-"));
      expect(snapshots).toHaveLength(1);
      const sockets = readdirSync(temp).filter((name) => name.startsWith(`keduo-pg-${killed.pid}-`));
      expect(sockets).toHaveLength(1);

      // Never a live process's: this test process's own, and one of an older Keduo that may still be starting.
      const live = mkdtempSync(join(temp, `keduo-pg-${process.pid}-`));
      const young = mkdtempSync(join(temp, "keduo-pg-"));

      server = await startKeduo(env);
      expect(server.output()).toContain(`Removed ${snapshots[0]}, the copy of a backup that was interrupted`);
      expect(server.output()).toContain(join(temp, sockets[0]!));
      expect(existsSync(join(temp, sockets[0]!))).toBe(false);
      expect([existsSync(live), existsSync(young)]).toEqual([true, true]);
      rmSync(live, { recursive: true });
      rmSync(young, { recursive: true });
      expect(await noteBodies(server)).toEqual([...BACKED_UP].sort());
      await expectNoLeftovers();
    },
    120_000,
  );

  it.runIf(testEngine === "postgres")(
    "start refuses, naming the schemas and what to do, when it cannot tell which installation to keep",
    async () => {
      await server.stop();
      // What an older Keduo left: renamed schemas without a marker, beside an installation a start created.
      const stray = `${prefix}keduo_replaced_0a1b2c`;
      await postgresQuery(`CREATE SCHEMA ${stray}; CREATE TABLE ${stray}.users (id int)`);
      const refused = await runCli(["start"], { ...env, PORT: "0" });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(stray);
      expect(refused.output).toContain(`DROP SCHEMA "${stray}" CASCADE;`);
      expect(refused.output).not.toMatch(/\n\s+at /);
      await postgresQuery(`DROP SCHEMA ${stray} CASCADE`);
      server = await startKeduo(env);
      expect(await noteBodies(server)).toEqual([...BACKED_UP].sort());
    },
    120_000,
  );

  afterAll(async () => {
    await server?.stop();
  });
});
