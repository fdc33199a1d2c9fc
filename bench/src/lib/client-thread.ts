import { Worker } from "node:worker_threads";
import type { ApiClient } from "./api-client.ts";
import type { LoopSamples } from "./measure.ts";
import { progress } from "./progress.ts";

/** A timed loop of one kind of call, one body per call (warm-up calls first). */
export interface ThreadLoop {
  /** Progress scope and label, as `measureSequential` prints them. */
  scope: string;
  label: string;
  warmup: number;
  method: "POST" | "PATCH" | "PUT";
  path: string;
  bodies: string[];
  /** Any other status stops the loop with the server's answer. */
  expectStatus: number;
}

/** What the loop's worker receives. */
export interface ThreadLoopData extends ThreadLoop {
  baseUrl: string;
  token: string;
}

export type ThreadMessage =
  | { kind: "progress"; done: number }
  | { kind: "done"; samples: number[]; warmup: number[] }
  | { kind: "failed"; error: string };

/**
 * Runs a sequential loop of HTTP calls from a worker thread — its own event loop and heap — and times each
 * call there. The benchmark's server runs in this process, and a client here would add its own work and its
 * garbage (writing 300 kB bodies, reading 500 kB answers) to the server's event loop and collector, which a
 * client in another process never does.
 */
export function measureInThread(api: ApiClient, loop: ThreadLoop): Promise<LoopSamples> {
  const data: ThreadLoopData = { ...loop, baseUrl: api.baseUrl, token: api.token };
  const worker = new Worker(new URL("./client-thread-worker.ts", import.meta.url), { workerData: data });
  const count = loop.bodies.length - loop.warmup;
  return new Promise<LoopSamples>((resolve, reject) => {
    worker.on("message", (message: ThreadMessage) => {
      if (message.kind === "progress") {
        if (message.done === loop.warmup && loop.warmup)
          progress(loop.scope, `${loop.label}: ${loop.warmup} warm-up calls done`);
        else progress(loop.scope, `${loop.label}: ${message.done - loop.warmup}/${count}`);
        return;
      }
      if (message.kind === "failed") reject(new Error(message.error));
      else resolve({ samples: message.samples, warmup: message.warmup });
    });
    worker.once("error", reject);
  }).finally(() => worker.terminate());
}
