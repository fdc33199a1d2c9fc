import { parentPort } from "node:worker_threads";
import { getQuickJS } from "quickjs-emscripten";
import { evaluateScript, type ScriptLimits, type ScriptOutcome } from "./sandbox.ts";

/*
 * The thread scripts run on (script-runner.ts starts it): a script busy until its limit holds this thread, not
 * the server's event loop. One request at a time, answered with its id before its runtime is freed.
 */

export interface ScriptRequest {
  id: number;
  source: string;
  record: Record<string, unknown>;
  limits: ScriptLimits;
}

export interface ScriptResponse {
  id: number;
  outcome: ScriptOutcome;
}

const quickjs = await getQuickJS();

parentPort?.on("message", (request: ScriptRequest) => {
  try {
    const run = evaluateScript(quickjs, request.source, request.record, request.limits);
    parentPort?.postMessage({ id: request.id, outcome: run.outcome } satisfies ScriptResponse);
    run.dispose();
  } catch (error) {
    // QuickJS aborted: this module is unusable, so the thread ends and the next script gets a new one.
    const message = error instanceof Error ? error.message : String(error);
    parentPort?.postMessage({
      id: request.id,
      outcome: { ok: false, error: `the script sandbox failed: ${message}` },
    } satisfies ScriptResponse);
    process.exit(1);
  }
});
parentPort?.postMessage({ ready: true });
