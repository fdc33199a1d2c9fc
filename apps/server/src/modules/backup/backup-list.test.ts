import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

/** GET /api/admin/backups: the scheduled backup files the admin page lists. */

const work = mkdtempSync(join(tmpdir(), "keduo-backup-list-"));
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { KEDUO_TIME_ZONE: "Europe/Berlin" } });
});

afterAll(async () => {
  await app?.close();
  rmSync(work, { recursive: true, force: true });
});

describe(`the list of scheduled backups (${testEngine})`, () => {
  it("is empty until a directory is set", async () => {
    const response = await app.admin.get("/api/admin/backups");
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({ directory: "", readable: true, files: [], time_zone: "Europe/Berlin" });
  });

  it("lists only the schedule's files, newest first, with size and time", async () => {
    const directory = join(work, "backups");
    mkdirSync(directory);
    const older = "keduo-backup-20260316-150500Z.kdbackup";
    const newer = "keduo-backup-20260317-150500Z.kdbackup";
    writeFileSync(join(directory, older), Buffer.alloc(1234, 1));
    writeFileSync(join(directory, newer), Buffer.alloc(42, 2));
    utimesSync(join(directory, newer), new Date("2026-03-17T15:05:09Z"), new Date("2026-03-17T15:05:09Z"));
    // Not listed: an unfinished backup, someone else's file, and a directory that looks like a backup.
    writeFileSync(join(directory, "keduo-backup-20260318-150500Z.kdbackup.partial"), "half");
    writeFileSync(join(directory, "notes.txt"), "not a backup");
    mkdirSync(join(directory, "keduo-backup-20260101-000000Z.kdbackup"));
    const saved = await app.admin.request("PUT", "/api/admin/backup-settings", {
      enabled: true,
      time: "02:30",
      directory,
      retention: 3,
    });
    expect(saved.status, saved.text).toBe(200);

    const response = await app.admin.get("/api/admin/backups");
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      directory,
      readable: true,
      time_zone: "Europe/Berlin",
      files: [
        { name: newer, size: 42, modified_at: "2026-03-17T15:05:09.000Z" },
        { name: older, size: 1234, modified_at: expect.any(String) },
      ],
    });

    // The directory disappears after it was saved: the page says so instead of failing.
    rmSync(directory, { recursive: true, force: true });
    const gone = await app.admin.get("/api/admin/backups");
    expect(gone.body).toMatchObject({ directory, readable: false, files: [] });
  });

  it("is for administrators who see all data only", async () => {
    const role = await app.admin.post("/api/meta/roles", {
      api_name: "user_admin",
      labels: { "zh-CN": "用户管理员", en: "User admin" },
      permissions: { system: { manage_users: true } },
    });
    expect(role.status, role.text).toBe(201);
    const user = await app.admin.post("/api/users", {
      email: "useradmin@backup-list.test",
      name: "用户管理员",
      password: "user admin password",
      roles: ["user_admin"],
    });
    expect(user.status, user.text).toBe(201);
    const userAdmin = await app.login("useradmin@backup-list.test", "user admin password");
    expect((await userAdmin.get("/api/admin/backups")).status).toBe(403);
    expect((await app.anonymous.get("/api/admin/backups")).status).toBe(401);
  });
});
