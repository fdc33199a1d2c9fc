import { getQuickJS } from "quickjs-emscripten";
import { afterAll, describe, expect, it } from "vitest";
import { compileScript, runScript } from "./sandbox.ts";
import { ScriptRunner } from "./script-runner.ts";

const quickjs = await getQuickJS();
const record = { id: "0190a0b0-0000-7000-8000-000000000001", name: "华东精密", employees: 1200 };
const runner = new ScriptRunner();
afterAll(() => runner.close());

describe("the script sandbox", () => {
  it("runs a function body on the record and returns its object of values", () => {
    const source =
      'const big = record.employees > 1000;\nreturn { tier: big ? "a" : "c", description: record.name };';
    expect(runScript(quickjs, source, record)).toEqual({
      ok: true,
      values: { tier: "a", description: "华东精密" },
    });
    // The record is frozen: a script computes values, it does not edit what it was given.
    expect(runScript(quickjs, "record.name = 'x'; return {}", record)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^TypeError: .*read-only/),
    });
  });

  it("offers no Node, no network, no timers and no module loader", () => {
    const probe = `return { seen: [typeof process, typeof require, typeof fetch, typeof setTimeout,
      typeof XMLHttpRequest, typeof globalThis.std, typeof globalThis.os, typeof Buffer].join(",") };`;
    expect(runScript(quickjs, probe, record)).toEqual({
      ok: true,
      values: { seen: Array(8).fill("undefined").join(",") },
    });
    expect(runScript(quickjs, "return import('fs')", record)).toMatchObject({ ok: false });
  });

  it("stops a script at its time limit and at its memory limit", () => {
    const started = performance.now();
    expect(runScript(quickjs, "while (true) {}", record)).toEqual({
      ok: false,
      limit: "time",
      error: "the script was stopped at its time limit (200 ms)",
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(runScript(quickjs, "const huge = new ArrayBuffer(64 * 1024 * 1024); return {}", record)).toEqual({
      ok: false,
      limit: "memory",
      error: "the script was stopped at its memory limit (16 MiB): out of memory",
    });
    // Allocating without end meets the memory limit; near it QuickJS collects at every allocation and may
    // reach the time limit first (the first growth of the module's memory is slow too). Either stops it.
    const hungry = "const all = []; while (true) all.push(new Uint8Array(1e6));";
    expect(runScript(quickjs, hungry, record)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/stopped at its (memory|time) limit/),
    });
    expect(runScript(quickjs, "function f() { return f() + 1 } return { x: f() }", record)).toMatchObject({
      ok: false,
      limit: "memory",
    });
    // The module is sound after both: the next script runs.
    expect(runScript(quickjs, "return { ok: 1 }", record)).toEqual({ ok: true, values: { ok: 1 } });
  });

  it("reports a throw with its line, and a result that is not an object of values", () => {
    expect(runScript(quickjs, "const a = 1;\nthrow new Error('no tier for ' + record.name)", record)).toEqual(
      {
        ok: false,
        error: "Error: no tier for 华东精密 (line 2)",
      },
    );
    for (const result of ["42", "[1, 2]", "null", "undefined", "Promise.resolve({ a: 1 })"])
      expect(runScript(quickjs, `return ${result}`, record)).toEqual({
        ok: false,
        error: "the script must return an object of field values, e.g. return { score: 80 }",
      });
  });

  it("compiles without running, with the admin's line numbers", () => {
    expect(compileScript(quickjs, "while (true) {}")).toEqual({ ok: true });
    expect(compileScript(quickjs, "const a = 1;\nreturn { a: a + }")).toEqual({
      ok: false,
      message: expect.stringMatching(/^SyntaxError: /),
      line: 2,
    });
  });

  it("runs on a thread of its own: the event loop goes on while a script spins to its limit", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      await runner.run("return {}", record); // the thread is up
      ticks = 0;
      const outcome = await runner.run("while (true) {}", record);
      expect(outcome).toMatchObject({ ok: false, limit: "time" });
      expect(ticks).toBeGreaterThanOrEqual(10);
    } finally {
      clearInterval(ticker);
    }
    expect(await runner.run("return { n: record.employees + 1 }", record)).toEqual({
      ok: true,
      values: { n: 1201 },
    });
  });
});

describe("the script runner's watchdog", () => {
  it("ends a sandbox thread that stays silent past the time limit, and starts a new one for the next script", async () => {
    const silent = new ScriptRunner(
      { timeMs: 50, memoryBytes: 16 * 1024 * 1024 },
      new URL("./fixtures/silent-worker.ts", import.meta.url),
    );
    try {
      const started = performance.now();
      const stuck = {
        ok: false,
        limit: "time",
        error: "the script was stopped at its time limit (50 ms) by ending its sandbox thread",
      };
      expect(await silent.run("return {}", record)).toEqual(stuck);
      expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
      // The ended thread is not asked again: the next script waits on a new one (which is silent too).
      expect(await silent.run("return {}", record)).toEqual(stuck);
    } finally {
      await silent.close();
    }
  });
});
