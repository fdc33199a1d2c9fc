import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testEngine } from "../test/test-app.ts";

const CLI = new URL("../cli.ts", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "keduo-template-cli-"));
const postgresUrl = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schemaPrefix = `tcli${process.pid}_`;
const env: Record<string, string> =
  testEngine === "postgres"
    ? { DATABASE_URL: postgresUrl, KEDUO_SCHEMA_PREFIX: schemaPrefix }
    : { KEDUO_DATA_DIR: join(work, "data") };

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  if (testEngine === "postgres") {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    for (const schema of ["ws_main", "keduo", "keduo_jobs"])
      await client.query(`DROP SCHEMA IF EXISTS ${schemaPrefix}${schema} CASCADE`);
    await client.end();
  }
});

/** Runs `keduo <args>` as a real process and returns its exit code and output. */
function keduo(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

describe(`keduo template (${testEngine})`, () => {
  it("lists the templates, prints the plan of a dry run, applies crm, and names an unknown one", async () => {
    const list = await keduo("template", "list");
    expect(list.code, list.output).toBe(0);
    expect(list.output.trim().split("\n")).toContain("crm");

    const dry = await keduo("template", "apply", "crm", "--dry-run");
    expect(dry.code, dry.output).toBe(0);
    expect(dry.output).toMatch(/^Bundle crm 1: dry run, nothing applied\./);
    expect(dry.output).toMatch(/create\s+objects opportunity/);
    expect(dry.output).toMatch(/DDL: CREATE TABLE/);

    const applied = await keduo("template", "apply", "crm");
    expect(applied.code, applied.output).toBe(0);
    expect(applied.output).toMatch(/applied, metadata version \d+/);
    expect(applied.output).toMatch(/create\s+fields quote_line\.line_total/);

    const unknown = await keduo("template", "apply", "erp");
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/There is no template "erp".*the templates are: crm/);
    expect(unknown.output).not.toMatch(/\n\s+at /);
  }, 180_000);
});
