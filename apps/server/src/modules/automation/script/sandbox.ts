import {
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
  shouldInterruptAfterDeadline,
} from "quickjs-emscripten";

/*
 * The script action's sandbox: QuickJS compiled to WebAssembly, a fresh runtime per run. A script sees the
 * ECMAScript built-ins and `record` — no Node, no network, no timers, no module loader — and is stopped by the
 * interrupt handler at its time limit and by QuickJS's allocator at its memory limit.
 */

export interface ScriptLimits {
  /** Wall-clock time for compiling, running and reading the result. */
  timeMs: number;
  /** The runtime's heap. */
  memoryBytes: number;
}

export const SCRIPT_LIMITS: ScriptLimits = { timeMs: 200, memoryBytes: 16 * 1024 * 1024 };

/** The largest result a script may return (its JSON). */
const MAX_RESULT_CHARS = 1_000_000;

/**
 * The source as a function body: `return` works, `record` is its parameter. The prefix stays on the first line
 * so the compiler's line numbers are the admin's.
 */
export const wrap = (source: string) => `(function (record) { "use strict"; ${source}\n})`;

export type CompileResult = { ok: true } | { ok: false; message: string; line: number };

export type ScriptOutcome =
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; error: string; limit?: "time" | "memory" };

interface DumpedError {
  name?: string;
  message?: string;
  lineNumber?: number;
  stack?: string;
}

function newRuntime(quickjs: QuickJSWASMModule, limits: ScriptLimits) {
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(256 * 1024);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + limits.timeMs));
  return runtime;
}

const OUT_OF_MEMORY: DumpedError = { name: "InternalError", message: "out of memory" };

/**
 * An error thrown inside the sandbox, read out of it. Out of memory may leave no error object to read: QuickJS
 * then throws null (a script could too, but null says nothing else).
 */
function readError(context: QuickJSContext, handle: QuickJSHandle): DumpedError {
  try {
    const dumped: unknown = context.dump(handle);
    if (dumped === null) return OUT_OF_MEMORY;
    return typeof dumped === "object" ? (dumped as DumpedError) : { message: String(dumped) };
  } catch {
    return OUT_OF_MEMORY;
  } finally {
    handle.dispose();
  }
}

/** Compiles without running anything (the check when an automation is saved). */
export function compileScript(quickjs: QuickJSWASMModule, source: string): CompileResult {
  const runtime = newRuntime(quickjs, { timeMs: 1000, memoryBytes: SCRIPT_LIMITS.memoryBytes });
  const context = runtime.newContext();
  try {
    const result = context.evalCode(wrap(source), "script.js", { compileOnly: true });
    if (!result.error) {
      result.value.dispose();
      return { ok: true };
    }
    const error = readError(context, result.error);
    const line = Number(error.lineNumber ?? /script\.js:(\d+)/.exec(error.stack ?? "")?.[1] ?? 1);
    return { ok: false, message: `${error.name ?? "SyntaxError"}: ${error.message ?? ""}`, line };
  } finally {
    context.dispose();
    runtime.dispose();
  }
}

const failure = (error: DumpedError, limits: ScriptLimits): ScriptOutcome => {
  const message = error.message ?? "";
  if (message === "interrupted")
    return {
      ok: false,
      limit: "time",
      error: `the script was stopped at its time limit (${limits.timeMs} ms)`,
    };
  if (message === "out of memory" || message === "string too long" || message === "stack overflow")
    return {
      ok: false,
      limit: "memory",
      error: `the script was stopped at its memory limit (${limits.memoryBytes / 1024 / 1024} MiB): ${message}`,
    };
  const where = /script\.js:(\d+)/.exec(error.stack ?? "")?.[1];
  return { ok: false, error: `${error.name ?? "Error"}: ${message}${where ? ` (line ${where})` : ""}` };
};

/**
 * Reads the returned value as JSON inside the sandbox (under the same limits: a `toJSON` that loops is stopped
 * too); null when it is not a plain object.
 */
const RESULT_READER = `(value) => {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Promise) return null;
  return JSON.stringify(value);
}`;

/** What one run produced, and the release of its runtime (the worker answers first, then releases). */
export interface ScriptRun {
  outcome: ScriptOutcome;
  dispose(): void;
}

/** Runs a script on a record; whatever it does, the outcome is a value (never a throw) and the runtime is freed. */
export function runScript(
  quickjs: QuickJSWASMModule,
  source: string,
  record: Record<string, unknown>,
  limits: ScriptLimits = SCRIPT_LIMITS,
): ScriptOutcome {
  const run = evaluateScript(quickjs, source, record, limits);
  run.dispose();
  return run.outcome;
}

/** Runs a script on a record and keeps its runtime until `dispose` (freeing a full heap takes a while). */
export function evaluateScript(
  quickjs: QuickJSWASMModule,
  source: string,
  record: Record<string, unknown>,
  limits: ScriptLimits = SCRIPT_LIMITS,
): ScriptRun {
  const runtime = newRuntime(quickjs, limits);
  const context = runtime.newContext();
  const handles: QuickJSHandle[] = [];
  const hold = (handle: QuickJSHandle) => {
    handles.push(handle);
    return handle;
  };
  const dispose = () => {
    for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
    context.dispose();
    runtime.dispose();
  };
  const outcome = (): ScriptOutcome => {
    const compiled = context.evalCode(wrap(source), "script.js");
    if (compiled.error) return failure(readError(context, compiled.error), limits);
    const fn = hold(compiled.value);
    const parsed = context.evalCode(`Object.freeze(JSON.parse(${JSON.stringify(JSON.stringify(record))}))`);
    if (parsed.error) return failure(readError(context, parsed.error), limits);
    const called = context.callFunction(fn, context.undefined, hold(parsed.value));
    if (called.error) return failure(readError(context, called.error), limits);
    const reader = context.evalCode(RESULT_READER);
    if (reader.error) return failure(readError(context, reader.error), limits);
    const read = context.callFunction(hold(reader.value), context.undefined, hold(called.value));
    if (read.error) return failure(readError(context, read.error), limits);
    const json: unknown = context.dump(hold(read.value));
    if (typeof json !== "string")
      return {
        ok: false,
        error: "the script must return an object of field values, e.g. return { score: 80 }",
      };
    if (json.length > MAX_RESULT_CHARS)
      return { ok: false, error: `the script returned more than ${MAX_RESULT_CHARS} characters of values` };
    return { ok: true, values: JSON.parse(json) as Record<string, unknown> };
  };
  try {
    return { outcome: outcome(), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
