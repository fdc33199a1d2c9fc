import { createReadStream } from "node:fs";
import { mkdir, open, readdir, stat } from "node:fs/promises";
import { dirname, join, posix, resolve, sep } from "node:path";
import { BackupFormatError, ByteReader } from "./byte-reader.ts";

/**
 * The subset of POSIX ustar a PostgreSQL data directory needs: directories and regular files (PostgreSQL
 * keeps segments ≤ 1 GiB, far below ustar's 8 GiB), so any `tar` can read what Keduo writes. Extraction
 * accepts only those two types and only relative paths below the target: a crafted archive must not
 * write anywhere else.
 */

const BLOCK = 512;

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, "0")}\0`;
}

function header(name: string, size: number, type: "0" | "5", mode: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let prefix = "";
  let short = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", name.length - 2);
    let split = -1;
    for (let i = cut; i > 0; i = name.lastIndexOf("/", i - 1)) {
      if (Buffer.byteLength(name.slice(i + 1)) <= 100 && Buffer.byteLength(name.slice(0, i)) <= 155) {
        split = i;
        break;
      }
    }
    if (split < 0) throw new Error(`path too long for a tar archive: ${name}`);
    prefix = name.slice(0, split);
    short = name.slice(split + 1);
  }
  block.write(short, 0, 100, "utf8");
  block.write(octal(mode & 0o7777, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(Math.floor(mtime / 1000), 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write(type, 156, "ascii");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

/** Streams `root` as a tar archive whose paths start with `base/` (sorted, so archives are reproducible). */
export async function* packDirectory(root: string, base: string): AsyncGenerator<Buffer> {
  async function* walk(dir: string, name: string): AsyncGenerator<Buffer> {
    const info = await stat(dir);
    yield header(`${name}/`, 0, "5", info.mode, info.mtimeMs);
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const child = `${name}/${entry.name}`;
      if (entry.isDirectory()) {
        yield* walk(path, child);
      } else if (entry.isFile()) {
        const file = await stat(path);
        yield header(child, file.size, "0", file.mode, file.mtimeMs);
        let written = 0;
        for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
          written += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
        // The snapshot is a private copy, so a size change means something else is writing to it.
        if (written !== file.size) throw new Error(`${path} changed while it was being archived`);
        if (written % BLOCK) yield Buffer.alloc(BLOCK - (written % BLOCK));
      } else {
        throw new Error(`${path} is neither a file nor a directory; a data directory holds only those`);
      }
    }
  }
  yield* walk(root, base);
  yield Buffer.alloc(BLOCK * 2);
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString("utf8");
}

function safeTarget(target: string, name: string): string {
  const normal = posix.normalize(name);
  if (!name || posix.isAbsolute(name) || normal.startsWith("..") || normal.split("/").includes("..")) {
    throw new BackupFormatError(`The backup holds an unsafe path (${name}); nothing was restored.`);
  }
  const path = resolve(target, normal);
  if (path !== target && !path.startsWith(target + sep)) {
    throw new BackupFormatError(`The backup holds an unsafe path (${name}); nothing was restored.`);
  }
  return path;
}

/** Extracts a tar stream below `target` (which must exist); returns the number of files written. */
export async function extractTar(source: AsyncIterable<Uint8Array>, target: string): Promise<number> {
  const root = resolve(target);
  const reader = new ByteReader(source);
  let files = 0;
  for (;;) {
    const block = await reader.read(BLOCK, "archive");
    if (block.every((byte) => byte === 0)) return files;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
    if (Number.parseInt(field(block, 148, 8).trim(), 8) !== sum) {
      throw new BackupFormatError("The backup's file archive is damaged (header checksum).");
    }
    const prefix = field(block, 345, 155);
    const name = (prefix ? `${prefix}/` : "") + field(block, 0, 100);
    const size = Number.parseInt(field(block, 124, 12).trim() || "0", 8);
    const mode = Number.parseInt(field(block, 100, 8).trim() || "600", 8) & 0o777;
    const type = String.fromCharCode(block[156] || 48);
    const path = safeTarget(root, name.replace(/\/+$/, ""));
    if (type === "5") {
      await mkdir(path, { recursive: true, mode: mode | 0o700 });
      continue;
    }
    if (type !== "0") throw new BackupFormatError(`The backup holds an unexpected entry type for ${name}.`);
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, "wx", mode | 0o600);
    try {
      let left = size;
      while (left > 0) {
        const part = await reader.readAtMost(Math.min(left, 1024 * 1024));
        if (!part.length) throw new BackupFormatError("The file archive ends inside a file.");
        await handle.write(part);
        left -= part.length;
      }
    } finally {
      await handle.close();
    }
    if (size % BLOCK) await reader.read(BLOCK - (size % BLOCK), "archive");
    files++;
  }
}
