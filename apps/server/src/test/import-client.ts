import { expect } from "vitest";
import type { HttpClient } from "./http-client.ts";

/** Imports through the real API, for any module's tests (an import is how users load data). */
export async function upload(client: HttpClient, object: string, name: string, bytes: Buffer) {
  return client.request("POST", `/api/imports?object=${object}`, new Uint8Array(bytes), {
    "content-type": "application/octet-stream",
    "x-file-name": encodeURIComponent(name),
  });
}

/** Polls the import until it leaves the working states. */
export async function settle(client: HttpClient, id: string, timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    const response = await client.get(`/api/imports/${id}`);
    expect(response.status, response.text).toBe(200);
    if (!["validating", "running", "undoing"].includes(response.body.status)) return response.body;
    if (Date.now() - start > timeoutMs) throw new Error(`import ${id} still ${response.body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
