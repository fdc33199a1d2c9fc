import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SettableClock } from "@keduo/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { type Database, openDatabase } from "../../db/database.ts";
import { createKeduo, type KeduoServer } from "../../server.ts";
import { HttpClient } from "../../test/http-client.ts";
import { TEST_ADMIN, testEngine } from "../../test/test-app.ts";
import { BackupPassphraseError } from "./backup-crypto.ts";
import { verifyBackupFile } from "./backup-file.ts";

/**
 * Scheduled backups and the admin API, in-process so the clock can move. PGlite needs a data directory of
 * its own here (the shared in-memory test database has no files to snapshot).
 */

const work = mkdtempSync(join(tmpdir(), "keduo-backup-schedule-"));
const postgresUrl = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const prefix = `bs${randomBytes(3).toString("hex")}_`;
const passphrase = "scheduled backup passphrase";
const clock = new SettableClock(new Date("2026-03-15T02:00:00Z")); // 10:00 in Asia/Shanghai
let server: KeduoServer;
let database: Database;
let admin: HttpClient;
let url: string;

beforeAll(async () => {
  database =
    testEngine === "postgres"
      ? await openDatabase({ engine: "postgres", url: postgresUrl, poolSize: 4 }, prefix)
      : await openDatabase({ engine: "pglite", dataDir: join(work, "data") }, prefix);
  const config = loadConfig({
    KEDUO_ADMIN_EMAIL: TEST_ADMIN.email,
    KEDUO_ADMIN_PASSWORD: TEST_ADMIN.password,
    KEDUO_SCHEMA_PREFIX: prefix,
    KEDUO_LOGIN_RATE_LIMIT: "1000",
    KEDUO_BACKUP_PASSPHRASE: passphrase,
  });
  server = await createKeduo({ config, clock, database });
  await server.app.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
  admin = new HttpClient(url);
  await admin.login(TEST_ADMIN.email, TEST_ADMIN.password);
});

afterAll(async () => {
  await server?.close();
  if (testEngine === "postgres") {
    for (const schema of [
      database.schemas.workspace,
      database.schemas.system,
      `${database.schemas.system}_jobs`,
    ]) {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(database.db);
    }
  }
  await database?.close();
  rmSync(work, { recursive: true, force: true });
});

describe(`scheduled backups (${testEngine})`, () => {
  it("validates the settings and allows only administrators who see all data", async () => {
    const initial = await admin.get("/api/admin/backup-settings");
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      enabled: false,
      time: "02:00",
      directory: "",
      retention: 7,
      encrypted: true,
      last_run: null,
    });
    const relative = await admin.request("PUT", "/api/admin/backup-settings", {
      enabled: true,
      time: "23:00",
      directory: "backups",
      retention: 2,
    });
    expect(relative.status).toBe(422);
    expect(relative.body.code).toBe("BACKUP_DIRECTORY_NOT_ABSOLUTE");
    const missing = await admin.request("PUT", "/api/admin/backup-settings", {
      enabled: true,
      time: "23:00",
      directory: join(work, "missing"),
      retention: 2,
    });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe("BACKUP_DIRECTORY_MISSING");
    const badTime = await admin.request("PUT", "/api/admin/backup-settings", {
      enabled: true,
      time: "24:00",
      directory: work,
      retention: 2,
    });
    expect(badTime.status).toBe(400);

    // manage_users alone is not enough: a backup holds every record.
    const role = await admin.post("/api/meta/roles", {
      api_name: "user_admin",
      labels: { "zh-CN": "用户管理员", en: "User admin" },
      permissions: { system: { manage_users: true } },
    });
    expect(role.status, role.text).toBe(201);
    const user = await admin.post("/api/users", {
      email: "useradmin@backup.test",
      name: "用户管理员",
      password: "user admin password",
      roles: ["user_admin"],
    });
    expect(user.status, user.text).toBe(201);
    const userAdmin = new HttpClient(url);
    await userAdmin.login("useradmin@backup.test", "user admin password");
    expect((await userAdmin.post("/api/admin/backup")).status).toBe(403);
    expect((await userAdmin.get("/api/admin/backup-settings")).status).toBe(403);
    expect((await new HttpClient(url).post("/api/admin/backup")).status).toBe(401);
  });

  it("writes a daily encrypted backup at the configured local time and keeps only the newest", async () => {
    const directory = join(work, "backups");
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory);
    writeFileSync(join(directory, "notes.txt"), "not a backup: retention must leave it alone");
    const saved = await admin.request("PUT", "/api/admin/backup-settings", {
      enabled: true,
      time: "23:00",
      directory,
      retention: 2,
    });
    expect(saved.status, saved.text).toBe(200);

    // 10:00 in Shanghai: not yet due.
    expect(await server.backups.runDue()).toBeNull();
    const files = () => readdirSync(directory).sort();
    expect(files()).toEqual(["notes.txt"]);

    const made: string[] = [];
    for (const day of ["2026-03-15", "2026-03-16", "2026-03-17"]) {
      clock.set(new Date(`${day}T15:05:00Z`)); // 23:05 in Shanghai
      const run = await server.backups.runDue();
      expect(run?.error ?? null).toBeNull();
      expect(run?.date).toBe(day);
      made.push(run!.file!);
      // Once a day: the next check the same evening does nothing.
      clock.set(new Date(`${day}T15:30:00Z`));
      expect(await server.backups.runDue()).toBeNull();
    }
    expect(files()).toEqual([
      "keduo-backup-20260316-150500Z.kdbackup",
      "keduo-backup-20260317-150500Z.kdbackup",
      "notes.txt",
    ]);

    // The backup is the server's database, encrypted with KEDUO_BACKUP_PASSPHRASE.
    const manifest = await verifyBackupFile(made[2]!, passphrase);
    expect(manifest.engine).toBe(testEngine);
    expect(manifest.schemas).toEqual(database.schemas);
    await expect(verifyBackupFile(made[2]!, null)).rejects.toBeInstanceOf(BackupPassphraseError);

    const settings = await admin.get("/api/admin/backup-settings");
    expect(settings.body.last_run).toMatchObject({ date: "2026-03-17", file: made[2], error: null });
  });

  it("streams a backup to an administrator through the API", async () => {
    const { cookie, csrf } = await session();
    const response = await fetch(`${url}/api/admin/backup`, {
      method: "POST",
      headers: { "x-csrf-token": csrf, cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/keduo-backup-\d{8}-\d{6}Z\.kdbackup/);
    const file = join(work, "api.kdbackup");
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const manifest = await verifyBackupFile(file, null);
    expect(manifest.engine).toBe(testEngine);
    const audit = await admin.get("/api/audit-log?action=backup.download");
    expect(audit.body.entries).toHaveLength(1);
  });
});

/** A new admin session, for a raw fetch that reads the body as bytes. */
async function session(): Promise<{ cookie: string; csrf: string }> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
  });
  const body = (await login.json()) as { csrf_token: string };
  return { cookie: login.headers.getSetCookie()[0]!.split(";")[0]!, csrf: body.csrf_token };
}
