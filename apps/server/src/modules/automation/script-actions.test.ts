import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutomationFixture, createRecord, settledRuns, text } from "../../test/automation-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import type { TestUser } from "../../test/test-users.ts";

let app: TestApp;
let people: { rep: TestUser };

beforeAll(async () => {
  app = await startTestApp();
  people = await createAutomationFixture(app);
});
afterAll(async () => {
  await app?.close();
});

let counter = 0;
/** An automation on new accounts named after it that runs `source`; resolves its one finished run. */
async function scriptRun(source: string, values: Record<string, unknown> = {}) {
  counter++;
  const created = await app.admin.post("/api/automations", {
    object: "account",
    api_name: `script_${counter}`,
    labels: text(`脚本 ${counter}`, `Script ${counter}`),
    enabled: true,
    trigger: { kind: "record_created" },
    condition: `name = "script ${counter}"`,
    actions: [{ kind: "script", source }],
  });
  expect(created.status, created.text).toBe(201);
  const account = await createRecord(app.admin, "account", {
    name: `script ${counter}`,
    lifecycle_stage: "active",
    owner_id: people.rep.id,
    ...values,
  });
  const [run] = await settledRuns(app, created.body.id, 1);
  if (!run) throw new Error("no run");
  const after = await app.admin.get(`/api/records/account/${account.id}`);
  return { run, account: after.body as Record<string, unknown> };
}

describe(`script actions on ${testEngine}`, () => {
  it("writes the values the script returns for the record, through the records service", async () => {
    const { run, account } = await scriptRun(
      `const big = record.employees >= 1000;
       return {
         tier: big ? "a" : "c",
         description: record.name + " · " + record.employees + " 人 · " + typeof process + "/" + typeof fetch,
       };`,
      { employees: 1200 },
    );
    expect(run).toMatchObject({ status: "succeeded", error: null });
    expect(run.steps).toEqual([
      expect.objectContaining({
        kind: "script",
        outcome: "done",
        detail: "script set tier, description",
        // The web app renders the note in the reader's language, the fields by their labels.
        note: { code: "script_set", params: { fields: ["tier", "description"] } },
      }),
    ]);
    expect(account).toMatchObject({
      tier: "a",
      description: `script ${counter} · 1200 人 · undefined/undefined`,
    });
  });

  it("refuses, when saved, a script that does not compile, with the compiler's message and line", async () => {
    const response = await app.admin.post("/api/automations", {
      object: "account",
      api_name: "broken_script",
      labels: text("脚本", "Script"),
      trigger: { kind: "record_created" },
      actions: [
        { kind: "script", source: "const tier = 'a';\nreturn { tier: tier + }" },
        { kind: "script", source: "   " },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: "actions.0.source",
        code: "script_compile_error",
        message: expect.stringMatching(/^The script does not compile \(line 2\): SyntaxError: /),
      },
      { field: "actions.1.source", code: "required", message: "This field is required" },
    ]);
  });

  it("fails the run of a script that loops forever, and the server goes on answering", async () => {
    const started = Date.now();
    const { run, account } = await scriptRun("while (true) {}\nreturn { tier: 'a' }");
    expect(run).toMatchObject({
      status: "failed",
      error: "script failed: the script was stopped at its time limit (200 ms)",
    });
    expect(run.steps).toEqual([
      expect.objectContaining({
        kind: "script",
        outcome: "failed",
        problem: {
          code: "script_failed",
          params: { limit: "time", message: "the script was stopped at its time limit (200 ms)" },
        },
      }),
    ]);
    expect(account.tier).toBeNull();
    const health = await app.anonymous.get("/api/health");
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("fails the run of a script that allocates without end, and the server goes on answering", async () => {
    const { run } = await scriptRun("const all = [];\nwhile (true) all.push(new Uint8Array(1e6));");
    expect(run.status).toBe("failed");
    // Near the memory limit QuickJS collects at every allocation, so the time limit may come first.
    expect(run.error).toMatch(
      /^script failed: the script was stopped at its (memory limit \(16 MiB\)|time limit)/,
    );
    expect((await app.anonymous.get("/api/health")).status).toBe(200);
    // The sandbox is sound: the next script runs.
    const { run: next } = await scriptRun("return { satisfaction_score: 9.5 }");
    expect(next.status).toBe("succeeded");
  });

  it("fails the run of a script that returns a name that is no field, or throws", async () => {
    const { run, account } = await scriptRun("return { tier: 'b', tier_score: 3, bonus: 1 }");
    expect(run).toMatchObject({
      status: "failed",
      error: 'script returned "tier_score", "bonus", not fields of account',
    });
    expect(run.steps[0]?.problem).toEqual({
      code: "script_unknown_fields",
      params: { names: ["tier_score", "bonus"] },
    });
    expect(account.tier).toBeNull();
    const { run: thrown } = await scriptRun(
      "if (!record.industry)\n  throw new Error('no industry on ' + record.name);",
    );
    expect(thrown).toMatchObject({
      status: "failed",
      error: `script failed: Error: no industry on script ${counter} (line 2)`,
    });
  });
});
