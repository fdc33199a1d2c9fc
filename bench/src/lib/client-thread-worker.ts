import { Agent } from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import { sendOverHttp } from "./api-client.ts";
import type { ThreadLoopData, ThreadMessage } from "./client-thread.ts";

const loop = workerData as ThreadLoopData;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const post = (message: ThreadMessage) => parentPort!.postMessage(message);

function send(body: string): Promise<{ status: number; text: string }> {
  const headers = {
    authorization: `Bearer ${loop.token}`,
    "accept-language": "en",
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  };
  return sendOverHttp(agent, loop.baseUrl + loop.path, loop.method, headers, body);
}

const samples: number[] = [];
const warmup: number[] = [];
const count = loop.bodies.length - loop.warmup;
const step = Math.max(1, Math.ceil(count / 5));
try {
  for (let i = 0; i < loop.bodies.length; i++) {
    const started = performance.now();
    const response = await send(loop.bodies[i]!);
    const ms = performance.now() - started;
    if (response.status !== loop.expectStatus)
      throw new Error(
        `${loop.method} ${loop.path} answered ${response.status}: ${response.text.slice(0, 500)}`,
      );
    (i < loop.warmup ? warmup : samples).push(ms);
    const done = i + 1;
    if (
      done === loop.warmup ||
      (done > loop.warmup && ((done - loop.warmup) % step === 0 || done === loop.bodies.length))
    )
      post({ kind: "progress", done });
  }
  post({ kind: "done", samples, warmup });
} catch (error) {
  post({ kind: "failed", error: error instanceof Error ? error.message : String(error) });
} finally {
  agent.destroy();
}
