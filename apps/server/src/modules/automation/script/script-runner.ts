import { Worker } from "node:worker_threads";
import { SCRIPT_LIMITS, type ScriptLimits, type ScriptOutcome } from "./sandbox.ts";
import type { ScriptRequest, ScriptResponse } from "./sandbox-worker.ts";

/** What script actions use: runs a script on a record in the sandbox. */
export interface ScriptPort {
  run(source: string, record: Record<string, unknown>): Promise<ScriptOutcome>;
  close(): Promise<void>;
}

/**
 * How long past its time limit a script's thread may stay silent before it is ended: QuickJS checks the time
 * between instructions, not inside a builtin (one huge `fill` or a collection near the memory limit).
 */
const WATCHDOG_SLACK_MS = 1000;

/**
 * Runs scripts on one worker thread, one at a time, so a script that spins until its limit holds that thread
 * and not the event loop that answers requests. The thread starts with the first script and stays (starting
 * one costs more than a script); one that does not answer in time is terminated (the script fails) and the
 * next script starts a new one. It never keeps the process alive.
 */
export class ScriptRunner implements ScriptPort {
  private readonly limits: ScriptLimits;
  private readonly workerUrl: URL;
  private worker: Promise<Worker> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  /** `workerUrl`: the thread's script (a test passes one that never answers). */
  constructor(
    limits: ScriptLimits = SCRIPT_LIMITS,
    workerUrl = new URL("./sandbox-worker.ts", import.meta.url),
  ) {
    this.limits = limits;
    this.workerUrl = workerUrl;
  }

  run(source: string, record: Record<string, unknown>): Promise<ScriptOutcome> {
    const result = this.queue.then(() => this.runNow(source, record));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await (await worker?.catch(() => null))?.terminate();
  }

  private start(): Promise<Worker> {
    const worker = new Worker(this.workerUrl, {
      // The script's own heap is QuickJS's, limited inside; this bounds the thread around it.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
    });
    worker.unref();
    const started = new Promise<Worker>((resolve, reject) => {
      worker.once("message", () => resolve(worker));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the script sandbox did not start (exit ${code})`)));
    });
    // An uncaught error ends the thread; its exit (below) is what counts, so the error is not rethrown here.
    worker.on("error", () => undefined);
    // A thread that ended (terminated, aborted, out of heap) is never asked again.
    worker.on("exit", () => {
      if (this.worker === started) this.worker = null;
    });
    return started;
  }

  private async runNow(source: string, record: Record<string, unknown>): Promise<ScriptOutcome> {
    this.worker ??= this.start();
    const current = this.worker;
    const worker = await current;
    // Forgotten at once, before its exit event: the next script must not be posted to a dying thread.
    const drop = () => {
      if (this.worker === current) this.worker = null;
    };
    return this.ask(worker, { id: this.nextId++, source, record, limits: this.limits }, drop);
  }

  private ask(worker: Worker, request: ScriptRequest, drop: () => void): Promise<ScriptOutcome> {
    return new Promise((resolve) => {
      const done = (outcome: ScriptOutcome) => {
        clearTimeout(watchdog);
        worker.off("message", answered).off("exit", ended);
        resolve(outcome);
      };
      const answered = (response: ScriptResponse) => {
        if (response.id === request.id) done(response.outcome);
      };
      const ended = (code: number) => done({ ok: false, error: `the script sandbox stopped (exit ${code})` });
      const watchdog = setTimeout(() => {
        drop();
        void worker.terminate();
        done({
          ok: false,
          limit: "time",
          error: `the script was stopped at its time limit (${this.limits.timeMs} ms) by ending its sandbox thread`,
        });
      }, this.limits.timeMs + WATCHDOG_SLACK_MS);
      worker.on("message", answered).on("exit", ended);
      worker.postMessage(request);
    });
  }
}
