import { KeduoError } from "@keduo/core";

/** The size of a stored chunk row: big enough that a 200 MB file is 200 rows, small enough to hold a few. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Cuts an upload stream into chunks of `CHUNK_BYTES` (the last one shorter) and hands each on as it fills,
 * awaiting the handler before reading on — so the request's backpressure holds a slow database to at most
 * one chunk in memory. Refuses with 413 as soon as the stream passes `maxBytes`; an empty upload is left to
 * the caller (no chunk arrives).
 */
export async function spoolChunks(
  stream: AsyncIterable<Buffer | Uint8Array>,
  maxBytes: number,
  onChunk: (seq: number, chunk: Buffer) => Promise<void>,
): Promise<number> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let total = 0;
  let seq = 0;
  const flush = async (bytes: number) => {
    const joined = Buffer.concat(parts, partBytes);
    const chunk = joined.subarray(0, bytes);
    const rest = joined.subarray(bytes);
    parts = rest.length ? [Buffer.from(rest)] : [];
    partBytes = rest.length;
    await onChunk(seq++, chunk);
  };
  for await (const piece of stream) {
    const buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    total += buffer.length;
    if (total > maxBytes) throw new KeduoError("PAYLOAD_TOO_LARGE", { params: { limit: maxBytes } });
    parts.push(buffer);
    partBytes += buffer.length;
    while (partBytes >= CHUNK_BYTES) await flush(CHUNK_BYTES);
  }
  if (partBytes > 0) await flush(partBytes);
  return total;
}
