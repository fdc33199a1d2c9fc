import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";

/** How long one attempt may take, connecting included (the spec recommends 15–30 s). */
export const WEBHOOK_TIMEOUT_MS = 15_000;

export interface PostTarget {
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** The guard's lookup; none for a host the administrator allowed. */
  lookup: LookupFunction | undefined;
  timeoutMs?: number;
}

/**
 * Agents per lookup: the lookup is the agent's, so every socket it opens connects to an address the lookup
 * checked. No keep-alive: each attempt resolves and checks again (a pooled socket would outlive the check of
 * a name whose address changed), and no idle socket keeps the process up.
 */
function agentsFor(lookup: LookupFunction | undefined) {
  const options = { keepAlive: false, ...(lookup ? { lookup } : {}) };
  return { http: new HttpAgent(options), https: new HttpsAgent(options) };
}

const agents = new WeakMap<LookupFunction, ReturnType<typeof agentsFor>>();
const plainAgents = agentsFor(undefined);

function agentFor(target: PostTarget) {
  let pair = plainAgents;
  if (target.lookup) {
    pair = agents.get(target.lookup) ?? agentsFor(target.lookup);
    agents.set(target.lookup, pair);
  }
  return target.url.protocol === "https:" ? pair.https : pair.http;
}

/**
 * One POST; resolves the response status (the body is not read: a receiver's answer is its status). Redirects
 * are not followed (the spec counts a 3xx as a failure; following one would also leave the checked address).
 * Rejects on a network error, a refused address or the timeout.
 */
export function postOnce(target: PostTarget): Promise<number> {
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  const timeoutMs = target.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const request = send(
      target.url,
      {
        method: "POST",
        agent: agentFor(target),
        headers: { ...target.headers, "content-length": String(Buffer.byteLength(target.body)) },
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on("close", () => clearTimeout(timer));
    request.on("error", reject);
    request.end(target.body);
  });
}
