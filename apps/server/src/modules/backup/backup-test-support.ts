import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import pg from "pg";
import { HttpClient } from "../../test/http-client.ts";

/** Real `keduo` processes for the backup tests, started the way an operator starts them. */

const CLI = new URL("../../cli.ts", import.meta.url).pathname;
const children: ChildProcess[] = [];

export const TEST_POSTGRES_URL =
  process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/** One statement on its own connection (the tests' look behind Keduo's back). */
export async function postgresQuery(sql: string, url = TEST_POSTGRES_URL): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export const ADMIN = { email: "admin@backup.test", password: "backup admin password" };

export function baseEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    KEDUO_ADMIN_EMAIL: ADMIN.email,
    KEDUO_ADMIN_PASSWORD: ADMIN.password,
    // The backups under test are of what each test writes, not of the CRM template a first start applies.
    KEDUO_TEMPLATE: "none",
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningKeduo {
  child: ChildProcess;
  url: string;
  port: number;
  admin: HttpClient;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

/** `keduo start`, waited for until it prints its URL, with the admin logged in. */
export async function startKeduo(env: Record<string, string>): Promise<RunningKeduo> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "start"], {
    env: baseEnv({ ...env, PORT: String(port) }),
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
    const timer = setTimeout(() => reject(new Error(`no start within 90 s:\n${output}`)), 90_000);
    child.stdout?.on("data", () => {
      const match = /Keduo is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  const admin = new HttpClient(url);
  await admin.login(ADMIN.email, ADMIN.password);
  return {
    child,
    url,
    port,
    admin,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}

/** Runs a one-shot CLI command (`backup`, `restore`) to its end. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: baseEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const code = await exited(child);
  return { code, output };
}

/**
 * Runs a CLI command with `KEDUO_TEST_PAUSE_AT=<point>` until it prints that it paused there, then kills it
 * with SIGKILL (test-pause-point.ts). Fails when the command ends before reaching the point.
 */
export async function killCliAt(
  point: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ pid: number; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: baseEnv({ ...env, KEDUO_TEST_PAUSE_AT: point }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes(`paused at ${point}`)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`${args[0]} ended (${code}) before ${point}:\n${output}`)));
  });
  child.kill("SIGKILL");
  await exited(child);
  return { pid: child.pid!, output };
}

export function killAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
}

/**
 * Everything a restore must reproduce, as one sorted JSON value read through the API: objects and their
 * fields, every record of every object (deleted ones too), each record's field history, and the audit log
 * without sign-ins and backup entries (the act of checking or backing up adds those).
 */
export async function canonicalDump(client: HttpClient): Promise<unknown> {
  const get = async (path: string) => {
    const response = await client.get(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
    return response.body;
  };
  const meta = await get("/api/meta/objects?include_hidden=true");
  const objects = meta.objects as Array<{ api_name: string }>;
  const dump: Record<string, unknown> = { meta };
  for (const object of [...objects].sort((a, b) => a.api_name.localeCompare(b.api_name))) {
    const name = object.api_name;
    dump[`fields:${name}`] = await get(`/api/meta/objects/${name}/fields`);
    for (const deleted of ["false", "true"]) {
      const records = (await get(`/api/records/${name}?limit=1000&sort=id&deleted=${deleted}`))
        .records as Array<{
        id: string;
      }>;
      dump[`records:${name}:${deleted}`] = records;
      // A deleted record's history is served only once it is restored; the audit log below holds it too.
      if (deleted === "true") continue;
      for (const record of records) {
        dump[`history:${name}:${record.id}`] = await get(`/api/records/${name}/${record.id}/history`);
      }
    }
  }
  const audit = (await get("/api/audit-log?limit=1000")).entries as Array<{ action: string }>;
  dump.audit = audit.filter(
    (entry) => !entry.action.startsWith("auth.") && !entry.action.startsWith("backup."),
  );
  return JSON.parse(JSON.stringify(dump, (_key, value) => sortKeys(value)));
}

function sortKeys(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
  );
}
