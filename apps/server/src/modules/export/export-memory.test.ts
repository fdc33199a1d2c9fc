import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenOf } from "../../test/export-support.ts";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

let app: TestApp;
let token: string;
const COUNT = 20_000;
const MiB = 1024 * 1024;

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "item", "条目", "Item");
  await addField(app.admin, "item", { api_name: "name", type: "text" });
  await addField(app.admin, "item", { api_name: "seq", type: "number", indexed: true });
  await addField(app.admin, "item", { api_name: "amount", type: "currency" });
  await addField(app.admin, "item", { api_name: "closed", type: "date" });
  await addField(app.admin, "item", { api_name: "note", type: "long_text" });
  await addField(app.admin, "item", {
    api_name: "stage",
    type: "single_select",
    config: {
      options: [
        { value: "won", labels: label("赢单", "Won") },
        { value: "lost", labels: label("输单", "Lost") },
      ],
    },
  });
  token = await tokenOf(app.admin);
  for (let start = 0; start < COUNT; start += 1000) {
    const records = Array.from({ length: 1000 }, (_, k) => {
      const i = start + k;
      return {
        name: `条目 ${i}`,
        seq: i,
        amount: { amount: `${i}.25`, currency: "CNY" },
        closed: `2026-0${1 + (i % 9)}-1${i % 10}`,
        // Random text so the zipped .xlsx is not tiny: the size of what streams is what matters.
        note: `备注 ${i} ${randomBytes(96).toString("base64")}`,
        stage: i % 2 ? "won" : "lost",
      };
    });
    const created = await app.admin.post("/api/records/item/bulk", { records });
    expect(created.status, created.text).toBe(201);
  }
}, 600_000);
afterAll(() => app?.close());

/** Downloads while sampling this process's RSS (the server runs in it), reading the body as it streams. */
async function measuredDownload(path: string) {
  const response = await fetch(app.url + path, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  let peak = process.memoryUsage().rss;
  let bytes = 0;
  // How many page reads the server had run when the first bytes arrived: few if it streams, all if it buffers.
  let readsAtFirstByte = -1;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of response.body!) {
    if (bytes === 0) readsAtFirstByte = pageReads().length;
    bytes += chunk.length;
    // Only the last partial line is kept: the test must not be what holds the export in memory.
    if (path.includes("format=csv")) text = (text + decoder.decode(chunk, { stream: true })).slice(-2000);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { peak, bytes, tail: text, readsAtFirstByte };
}

const pageReads = () =>
  app.queries.filter((q) => q.includes(`"${app.database.schemas.workspace}"."item" AS "t"`));

describe(`a 20,000-record export streams with flat memory (${testEngine})`, () => {
  for (const format of ["csv", "xlsx"] as const) {
    it(`${format}: pages through keyset reads, and RSS does not grow with the row count`, async () => {
      const path = (n: number) =>
        `/api/records/item/export?format=${format}&sort=seq&filter=${encodeURIComponent(JSON.stringify({ seq: { lt: n } }))}`;
      await measuredDownload(path(2_000)); // warm-up: code paths, pools, caches
      const small = await measuredDownload(path(5_000));
      app.queries.length = 0;
      const started = Date.now();
      const large = await measuredDownload(path(COUNT));
      const seconds = (Date.now() - started) / 1000;
      const reads = pageReads();
      console.log(
        `[export ${format} ${testEngine}] 5,000 rows: peak RSS ${(small.peak / MiB).toFixed(0)} MiB, ` +
          `${(small.bytes / MiB).toFixed(1)} MiB sent; 20,000 rows: peak RSS ${(large.peak / MiB).toFixed(0)} MiB, ` +
          `${(large.bytes / MiB).toFixed(1)} MiB sent in ${seconds.toFixed(1)} s, ${reads.length} page reads (${large.readsAtFirstByte} before the first byte)`,
      );
      // 20,000 rows in pages of 500, each one keyset query with LIMIT 501: never the whole table at once.
      expect(reads.length).toBe(COUNT / 500);
      expect(reads.every((q) => q.includes("LIMIT $"))).toBe(true);
      expect(large.readsAtFirstByte).toBeGreaterThan(0);
      expect(large.readsAtFirstByte).toBeLessThan(reads.length / 4);
      expect(large.bytes).toBeGreaterThan(small.bytes * 3);
      if (format === "csv") expect(large.tail).toMatch(/条目 19999,/);
      // Four times the rows, about the same memory: what is held is one page, not the export.
      expect(large.peak - small.peak).toBeLessThan(48 * MiB);
    }, 300_000);
  }
});
