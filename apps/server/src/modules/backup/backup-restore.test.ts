import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HttpClient, HttpResponse } from "../../test/http-client.ts";
import { testEngine } from "../../test/test-app.ts";
import {
  canonicalDump,
  killAll,
  postgresQuery,
  runCli,
  startKeduo,
  TEST_POSTGRES_URL,
} from "./backup-test-support.ts";

const work = mkdtempSync(join(tmpdir(), "keduo-backup-"));
const postgresUrl = TEST_POSTGRES_URL;
const prefix = `bk${process.pid}_`;
const targetDb = `keduo_restore_${process.pid}_${randomBytes(3).toString("hex")}`;
const passphraseFile = join(work, "passphrase");
const wrongPassphraseFile = join(work, "wrong-passphrase");
writeFileSync(passphraseFile, "correct horse battery staple\n");
writeFileSync(wrongPassphraseFile, "incorrect horse battery staple\n");

function targetUrl(): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${targetDb}`;
  return url.toString();
}

const admin = postgresQuery;

/** The installation backed up and the empty one restored into, on the engine under test. */
const source: Record<string, string> =
  testEngine === "postgres"
    ? { DATABASE_URL: postgresUrl, KEDUO_SCHEMA_PREFIX: prefix }
    : { KEDUO_DATA_DIR: join(work, "source") };
const target: Record<string, string> =
  testEngine === "postgres"
    ? { DATABASE_URL: targetUrl(), KEDUO_SCHEMA_PREFIX: prefix }
    : { KEDUO_DATA_DIR: join(work, "target") };

afterAll(async () => {
  killAll();
  rmSync(work, { recursive: true, force: true });
  if (testEngine === "postgres") {
    await admin(`DROP DATABASE IF EXISTS ${targetDb} WITH (FORCE)`, postgresUrl);
    for (const schema of ["ws_main", "keduo", "keduo_jobs"]) {
      await admin(`DROP SCHEMA IF EXISTS ${prefix}${schema} CASCADE`);
    }
  }
});

/** What the API answers for something it stored (the test reads only the id). */
type Created = { id: string } & Record<string, unknown>;

/** Objects, fields (with a relation and an attachment), records, an edit (history) and a soft delete. */
async function populate(client: HttpClient): Promise<{ fileId: string }> {
  const ok = async (promise: Promise<HttpResponse<Created>>, status = 201): Promise<Created> => {
    const response = await promise;
    expect(response.status, response.text).toBe(status);
    return response.body;
  };
  await ok(
    client.post("/api/meta/objects", { api_name: "account", labels: { "zh-CN": "客户", en: "Account" } }),
  );
  await ok(
    client.post("/api/meta/objects/account/fields", {
      api_name: "name",
      type: "text",
      required: true,
      labels: { "zh-CN": "名称", en: "Name" },
    }),
  );
  await ok(
    client.post("/api/meta/objects/account/fields", {
      api_name: "revenue",
      type: "currency",
      labels: { "zh-CN": "年营收", en: "Revenue" },
    }),
  );
  await ok(
    client.post("/api/meta/objects/account/fields", {
      api_name: "contract",
      type: "attachment",
      labels: { "zh-CN": "合同", en: "Contract" },
    }),
  );
  await ok(client.post("/api/meta/objects", { api_name: "deal", labels: { "zh-CN": "商机", en: "Deal" } }));
  await ok(
    client.post("/api/meta/objects/deal/fields", {
      api_name: "title",
      type: "text",
      labels: { "zh-CN": "标题", en: "Title" },
    }),
  );
  await ok(
    client.post("/api/meta/objects/deal/fields", {
      api_name: "account",
      type: "relation",
      labels: { "zh-CN": "客户", en: "Account" },
      config: {
        relation: {
          target: "account",
          cardinality: "many_to_one",
          inverse_name: "deals",
          inverse_labels: { "zh-CN": "商机", en: "Deals" },
        },
      },
    }),
  );
  const file = await ok(
    client.request("POST", "/api/files", new Uint8Array(Buffer.from("合同正文 contract body")), {
      "content-type": "application/octet-stream",
      "x-file-name": encodeURIComponent("合同.txt"),
    }),
  );
  const accounts: Created[] = [];
  for (const [name, amount] of [
    ["苏州精密", "1250000.50"],
    ["杭州云帆", "880000"],
    ["Acme", "42"],
  ]) {
    accounts.push(
      await ok(
        client.post("/api/records/account", {
          name,
          revenue: { amount, currency: "CNY" },
          ...(name === "Acme" ? { contract: [file.id] } : {}),
        }),
      ),
    );
  }
  await ok(client.post("/api/records/deal", { title: "年度框架协议", account: accounts[0]!.id }));
  // An edit, so there is field history to restore, and a soft delete for the recycle bin.
  await ok(
    client.patch(`/api/records/account/${accounts[1]!.id}`, { name: "杭州云帆科技" }, { "if-match": '"1"' }),
    200,
  );
  await ok(client.delete(`/api/records/account/${accounts[2]!.id}`), 204);
  return { fileId: file.id };
}

describe(`keduo backup and restore (${testEngine})`, () => {
  it("restores records, metadata, history and files into an empty install; refuses wrong passphrases and non-empty targets", async () => {
    if (testEngine === "postgres") await admin(`CREATE DATABASE ${targetDb}`);
    const original = await startKeduo(source);
    const { fileId } = await populate(original.admin);
    const expected = await canonicalDump(original.admin);
    expect(JSON.stringify(expected)).toContain("杭州云帆科技");

    // Backup while the server runs. On PGlite only the server may read its data directory: without a token
    // the CLI refuses and says what to do; with an admin API token it asks the server for the snapshot.
    const encrypted = join(work, "encrypted.kdbackup");
    let backupEnv = { ...source };
    if (testEngine === "pglite") {
      const refused = await runCli(["backup", encrypted, "--passphrase-file", passphraseFile], source);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/in use by another Keduo process/);
      expect(refused.output).toMatch(/KEDUO_API_TOKEN/);
      expect(existsSync(encrypted)).toBe(false);
      const token = (await original.admin.post("/api/auth/tokens", { name: "backup" })).body.token as string;
      backupEnv = { ...source, KEDUO_API_TOKEN: token, PORT: String(original.port) };
    }
    const backup = await runCli(["backup", encrypted, "--passphrase-file", passphraseFile], backupEnv);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/encrypted\) and verified/);
    if (testEngine === "pglite") expect(backup.output).toMatch(/asking the running Keduo/);

    // A wrong passphrase is refused before anything is written.
    const wrong = await runCli(["restore", encrypted, "--passphrase-file", wrongPassphraseFile], target);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/passphrase is wrong/);
    const noPassphrase = await runCli(["restore", encrypted], target);
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.output).toMatch(/This backup is encrypted/);
    if (testEngine === "pglite") {
      expect(existsSync(join(target.KEDUO_DATA_DIR!, "pg"))).toBe(false);
    } else {
      const schemas = await admin(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE '${prefix}%'`,
        targetUrl(),
      );
      expect(schemas.rows).toEqual([]);
    }

    const restored = await runCli(["restore", encrypted, "--passphrase-file", passphraseFile], target);
    expect(restored.code, restored.output).toBe(0);
    let copy = await startKeduo(target);
    expect(await canonicalDump(copy.admin)).toEqual(expected);
    const file = await copy.admin.get(`/api/files/${fileId}`);
    expect(file.text).toBe("合同正文 contract body");

    // Something new in the copy, then a restore over it: refused while a server runs on it (PGlite) and
    // without --force; with --force the copy is the backup again.
    await copy.admin.post("/api/records/deal", { title: "恢复后新建" });
    if (testEngine === "pglite") {
      const locked = await runCli(
        ["restore", encrypted, "--passphrase-file", passphraseFile, "--force"],
        target,
      );
      expect(locked.code).toBe(1);
      expect(locked.output).toMatch(/stop the server/);
    }
    await copy.stop();
    const notEmpty = await runCli(["restore", encrypted, "--passphrase-file", passphraseFile], target);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.output).toMatch(/already holds a Keduo (installation|database)/);
    expect(notEmpty.output).toMatch(/--force/);
    const forced = await runCli(
      ["restore", encrypted, "--passphrase-file", passphraseFile, "--force"],
      target,
    );
    expect(forced.code, forced.output).toBe(0);
    copy = await startKeduo(target);
    expect(await canonicalDump(copy.admin)).toEqual(expected);
    await copy.stop();

    // Without a passphrase and with the server stopped (the CLI takes the snapshot itself on PGlite).
    await original.stop();
    const plain = join(work, "plain.kdbackup");
    const plainBackup = await runCli(["backup", plain], source);
    expect(plainBackup.code, plainBackup.output).toBe(0);
    expect(plainBackup.output).toMatch(/NOT encrypted/);
    const again = await runCli(["restore", plain, "--force"], target);
    expect(again.code, again.output).toBe(0);
    copy = await startKeduo(target);
    expect(await canonicalDump(copy.admin)).toEqual(expected);
    await copy.stop();
    if (testEngine === "pglite") {
      // No staging or snapshot directories are left behind.
      expect(readdirSync(target.KEDUO_DATA_DIR!).sort()).toEqual(["pg"]);
      expect(readdirSync(source.KEDUO_DATA_DIR!).sort()).toEqual(["pg"]);
    }
  }, 300_000);
});
