import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { HttpClient } from "./test/http-client.ts";
import { testEngine } from "./test/test-app.ts";

const CLI = new URL("./cli.ts", import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), "keduo-cli-"));
const postgresUrl = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** Runs `keduo start` as a real process, the way `npm start` does, and waits until it prints its URL. */
async function start(port: number, env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [CLI, "start"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      const match = /Keduo is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, url };
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

const schemaPrefix = `cli${process.pid}_`;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
  if (testEngine === "postgres") {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(
      `DROP SCHEMA IF EXISTS ${schemaPrefix}ws_main CASCADE; DROP SCHEMA IF EXISTS ${schemaPrefix}keduo CASCADE`,
    );
    await client.end();
  }
});

const engineEnv = (): Record<string, string> =>
  testEngine === "postgres"
    ? { DATABASE_URL: postgresUrl, KEDUO_SCHEMA_PREFIX: schemaPrefix }
    : { KEDUO_DATA_DIR: dataDir };

describe(`keduo start (${testEngine})`, () => {
  const env = engineEnv();

  it("serves, applies the CRM template and prints a generated admin login once, keeps data across kill -9 and restart", async () => {
    const port = await freePort();
    const first = await start(port, env);
    const password = /password: (\S+)/.exec(first.output())?.[1];
    const email = /email:\s+(\S+)/.exec(first.output())?.[1];
    expect(password).toBeTruthy();
    const health = await fetch(`${first.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });

    const client = new HttpClient(first.url);
    await client.login(email!, password!);
    // The first start of an empty installation applies templates/crm (KEDUO_TEMPLATE defaults to crm).
    expect(first.output().match(/Applied the crm template/g)).toHaveLength(1);
    const objects = (await client.get("/api/meta/objects")).body.objects.map(
      (o: { api_name: string }) => o.api_name,
    );
    expect(objects).toEqual(expect.arrayContaining(["account", "opportunity", "quote", "quote_line"]));
    expect(
      (await client.post("/api/meta/objects", { api_name: "note", labels: { "zh-CN": "笔记", en: "Note" } }))
        .status,
    ).toBe(201);
    expect(
      (
        await client.post("/api/meta/objects/note/fields", {
          api_name: "body",
          type: "text",
          labels: { "zh-CN": "内容", en: "Body" },
        })
      ).status,
    ).toBe(201);
    const note = (await client.post("/api/records/note", { body: "survives kill -9" })).body;
    // Outside production the log level defaults to info: every request is logged.
    expect(first.output()).toContain('"msg":"incoming request"');

    if (testEngine === "pglite") {
      // A second process on the same data directory must refuse to start instead of corrupting it.
      const second = spawn(process.execPath, [CLI, "start"], {
        env: { ...process.env, ...env, PORT: String(await freePort()) },
        stdio: "pipe",
      });
      let secondOutput = "";
      second.stderr.on("data", (c) => {
        secondOutput += c;
      });
      second.stdout.on("data", (c) => {
        secondOutput += c;
      });
      expect(await exited(second)).not.toBe(0);
      expect(secondOutput).toMatch(/in use by another Keduo process/);
      expect(existsSync(join(dataDir, "keduo.lock"))).toBe(true);
    }

    first.child.kill("SIGKILL");
    await exited(first.child);

    // In production (the Docker image's NODE_ENV) the level defaults to warn: requests are not logged.
    const restarted = await start(port, { ...env, NODE_ENV: "production" });
    expect(restarted.output()).not.toMatch(/password:/);
    expect(restarted.output()).not.toMatch(/Applied the crm template/);
    const again = new HttpClient(restarted.url);
    await again.login(email!, password!);
    const read = await again.get(`/api/records/note/${note.id}`);
    expect(read.status).toBe(200);
    expect(read.body.body).toBe("survives kill -9");
    expect(restarted.output()).not.toContain("incoming request");

    restarted.child.kill("SIGTERM");
    expect(await exited(restarted.child)).toBe(0);
    if (testEngine === "pglite") expect(existsSync(join(dataDir, "keduo.lock"))).toBe(false);
  }, 180_000);

  it("reports configuration errors plainly and exits 1", async () => {
    const child = spawn(process.execPath, [CLI, "start"], {
      env: { ...process.env, ...env, PORT: "99999", KEDUO_LOCALE: "fr", KEDUO_LOG_LEVEL: "verbose" },
      stdio: "pipe",
    });
    let output = "";
    child.stderr.on("data", (c) => {
      output += c;
    });
    expect(await exited(child)).toBe(1);
    expect(output).toContain("PORT must be an integer");
    expect(output).toContain("KEDUO_LOCALE");
    expect(output).toContain("KEDUO_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent");
    expect(output).not.toMatch(/\n\s+at /);
  });
});
