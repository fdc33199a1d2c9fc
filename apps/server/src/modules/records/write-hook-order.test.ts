import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { type PlacedHook, resolveHookOrder } from "./hook-order.ts";
import { type WriteContext, WritePipeline } from "./write-pipeline.ts";

describe("write hook order", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("is resolved at start from the hooks' declared placements", () => {
    const order = app.server.writeHooks.map(({ stage, name }) => `${stage}: ${name}`);
    console.info(`resolved write hook order:\n  ${order.join("\n  ")}`);
    expect(order).toEqual([
      "authorize: access.record-permissions",
      // access.write-rights is declared after access.record-permissions: it refines the object permission.
      "authorize: access.write-rights",
      "validate: access.relation-targets",
      "validate: records.department-lists",
      "beforeWrite: formula.stored.reach",
      "beforeWrite: records.attachments",
      "beforeWrite: records.auto-number",
      // validation.rules is declared after formula.stored: rules read the stored values the write recomputed.
      "verify: formula.stored",
      "verify: validation.rules",
      // pipelines.gates is declared after validation.rules: a refused move lists the rules' problems too.
      "verify: pipelines.gates",
      // Unconstrained hooks go by name: pipelines.history before records.outbox.
      "afterWrite: pipelines.history",
      // audit.record-changes is declared after records.outbox: a create's audit rows copy its events.
      "afterWrite: records.outbox",
      "afterWrite: audit.record-changes",
      // automation.triggers is declared after records.outbox too (its runs follow the write's events); by name.
      "afterWrite: automation.triggers",
    ]);
  });
});

describe("resolveHookOrder", () => {
  const hooks: PlacedHook[] = [
    { name: "audit", placement: { after: ["outbox"] } },
    { name: "outbox", placement: {} },
    { name: "notify", placement: { before: ["audit"], after: ["outbox"] } },
    { name: "zeta", placement: { before: ["outbox"] } },
  ];

  it("keeps every after/before and orders unconstrained hooks by name, whatever the registration order", () => {
    const expected = ["zeta", "outbox", "notify", "audit"];
    expect(resolveHookOrder("afterWrite", hooks)).toEqual(expected);
    expect(resolveHookOrder("afterWrite", [...hooks].reverse())).toEqual(expected);
    expect(resolveHookOrder("afterWrite", [hooks[2]!, hooks[0]!, hooks[3]!, hooks[1]!])).toEqual(expected);
  });

  it("refuses a placement naming a hook the stage does not have", () => {
    expect(() =>
      resolveHookOrder("verify", [{ name: "rules", placement: { after: ["formula.stord"] } }]),
    ).toThrow(
      "write hook rules (verify) is placed relative to formula.stord, which is not a verify hook; verify hooks: rules",
    );
  });

  it("refuses placements that form a cycle, naming its hooks", () => {
    expect(() =>
      resolveHookOrder("beforeWrite", [
        { name: "gate", placement: { after: ["lock"] } },
        { name: "lock", placement: { after: ["gate"] } },
        { name: "free", placement: {} },
      ]),
    ).toThrow("write hooks of beforeWrite are placed in a cycle: gate, lock");
  });
});

describe("WritePipeline", () => {
  it("runs a stage's hooks in the resolved order and refuses a hook registered after it", async () => {
    const pipeline = new WritePipeline();
    const ran: string[] = [];
    const hook = (name: string) => () => {
      ran.push(name);
    };
    pipeline.register("afterWrite", "b.audit", hook("b.audit"), { after: ["c.outbox"] });
    pipeline.register("afterWrite", "c.outbox", hook("c.outbox"));
    pipeline.register("afterWrite", "a.first", hook("a.first"));
    await pipeline.run("afterWrite", {} as WriteContext);
    expect(ran).toEqual(["a.first", "c.outbox", "b.audit"]);
    expect(() => pipeline.register("verify", "late", hook("late"))).toThrow(
      "write hook late is registered after the pipeline's order was resolved",
    );
  });
});
