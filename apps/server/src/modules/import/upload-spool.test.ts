import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CHUNK_BYTES, spoolChunks } from "./upload-spool.ts";

async function* pieces(data: Buffer, sizes: number[]) {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield data.subarray(at, at + size);
    at += size;
  }
}

describe("spoolChunks", () => {
  it("cuts any stream into full chunks and a shorter last one, in order, losing no byte", async () => {
    const data = randomBytes(3 * CHUNK_BYTES + 12_345);
    const chunks: Buffer[] = [];
    const total = await spoolChunks(
      pieces(data, [65_536, 1, 700_001, 3]),
      10 * CHUNK_BYTES,
      async (seq, c) => {
        expect(seq).toBe(chunks.length);
        chunks.push(Buffer.from(c));
      },
    );
    expect(total).toBe(data.length);
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 12_345]);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it("hands on nothing for an empty stream", async () => {
    let calls = 0;
    expect(await spoolChunks(pieces(Buffer.alloc(0), [1]), 100, async () => void calls++)).toBe(0);
    expect(calls).toBe(0);
  });

  it("refuses with 413 as soon as the stream passes the cap, without reading on", async () => {
    let read = 0;
    async function* endless() {
      for (;;) {
        read += 1024;
        yield Buffer.alloc(1024);
      }
    }
    await expect(spoolChunks(endless(), 10_000, async () => {})).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(read).toBe(10_240);
  });
});
