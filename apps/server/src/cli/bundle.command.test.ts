import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testEngine } from "../test/test-app.ts";

const CLI = new URL("../cli.ts", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "keduo-bundle-cli-"));
const postgresUrl = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schemaPrefix = `bcli${process.pid}_`;
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

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const label = (zh: string, en: string) => ({ en, "zh-CN": zh });

function writeBundle(dir: string, files: Record<string, unknown>) {
  for (const [path, value] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), json(value));
  }
}

const field = (api_name: string, type: string, labels: ReturnType<typeof label>) => ({
  api_name,
  config: {},
  default: null,
  help_text: null,
  indexed: false,
  labels,
  read_only: false,
  required: false,
  type,
  unique: false,
});

describe(`keduo bundle (${testEngine})`, () => {
  it("applies a folder (dry run first), exports it back as the same files, and refuses a broken one", async () => {
    const input = join(work, "in");
    const project = {
      fields: [
        field("title", "text", label("名称", "Title")),
        { ...field("budget", "number", label("预算", "Budget")), config: { scale: 0 } },
      ],
      object: {
        description: null,
        display_field: "title",
        indexes: [],
        labels: label("项目", "Project"),
        plural_labels: label("项目", "Projects"),
        sharing_default: "public_read_write",
        team_access: "none",
      },
    };
    writeBundle(input, {
      "bundle.json": { format: 1, kinds: ["fields", "objects"], name: "projects", version: "1" },
      "objects/project.json": project,
    });

    const dry = await keduo("bundle", "apply", input, "--dry-run");
    expect(dry.code, dry.output).toBe(0);
    expect(dry.output).toMatch(/dry run, nothing applied/);
    expect(dry.output).toMatch(/create\s+objects project/);
    expect(dry.output).toMatch(/DDL: CREATE TABLE/);

    const applied = await keduo("bundle", "apply", input);
    expect(applied.code, applied.output).toBe(0);
    expect(applied.output).toMatch(/applied, metadata version \d+/);

    const output = join(work, "out");
    const exported = await keduo("bundle", "export", output, "--name", "projects", "--bundle-version", "1");
    expect(exported.code, exported.output).toBe(0);
    expect(readdirSync(join(output, "objects"))).toEqual(["project.json"]);
    // The types spell out their defaults (a text field's length…); the rest comes back as written.
    const back = JSON.parse(readFileSync(join(output, "objects/project.json"), "utf8"));
    expect(back.object).toEqual(project.object);
    expect(back.fields.map((f: { api_name: string; labels: unknown }) => [f.api_name, f.labels])).toEqual(
      project.fields.map((f) => [f.api_name, f.labels]),
    );

    const again = await keduo("bundle", "apply", input);
    expect(again.output).toMatch(/nothing to apply/);

    const broken = join(work, "broken");
    writeBundle(broken, {
      "bundle.json": { format: 1, kinds: ["fields", "objects"], name: "projects", version: "2" },
      "objects/project.json": {
        ...project,
        fields: [
          ...project.fields,
          {
            ...field("lead", "relation", label("负责", "Lead")),
            config: {
              relation: {
                target: "nobody",
                cardinality: "many_to_one",
                inverse_name: "projects",
                inverse_labels: label("项目", "Projects"),
              },
            },
          },
        ],
      },
    });
    const refused = await keduo("bundle", "apply", broken);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/Bundle refused/);
    expect(refused.output).toMatch(/objects\/project\.json#fields\.lead\.config\.relation\.target/);
  }, 180_000);
});
