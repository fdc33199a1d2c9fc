/** Thrown when a backup file ends early or its framing is wrong: the file is damaged or not a backup. */
export class BackupFormatError extends Error {
  override name = "BackupFormatError";
}

/**
 * Reads exact byte counts from a stream of chunks, buffering only what a read asks for, so parsers of
 * the backup formats (header, frames, tar blocks) stay streaming however large the file is.
 */
export class ByteReader {
  private readonly source: AsyncIterator<Uint8Array>;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** Buffers until at least `n` bytes are held or the source ends; returns how many are held. */
  async fill(n: number): Promise<number> {
    while (this.buffered < n && !this.ended) {
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      if (chunk.length) {
        this.chunks.push(chunk);
        this.buffered += chunk.length;
      }
    }
    return this.buffered;
  }

  /** Exactly `n` bytes, or a BackupFormatError naming `what` when the source ends first. */
  async read(n: number, what: string): Promise<Buffer> {
    if ((await this.fill(n)) < n) throw new BackupFormatError(`The file ends inside the ${what}.`);
    return this.take(n);
  }

  /** Up to `n` bytes; an empty buffer only at the end of the source. */
  async readAtMost(n: number): Promise<Buffer> {
    await this.fill(1);
    return this.take(Math.min(n, this.buffered));
  }

  /** The next `n` bytes (fewer at the end of the source) without consuming them. */
  async peek(n: number): Promise<Buffer> {
    const held = await this.fill(n);
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, held);
    this.chunks = held ? [all] : [];
    return all.subarray(0, Math.min(n, held));
  }

  /** True when every byte has been read. */
  async atEnd(): Promise<boolean> {
    return (await this.fill(1)) === 0;
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}
