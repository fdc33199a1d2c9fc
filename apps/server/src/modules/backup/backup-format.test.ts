import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BackupManifest, openBackup, writeArchive } from "./backup-archive.ts";
import { decryptStream, encryptStream } from "./backup-crypto.ts";
import { ByteReader } from "./byte-reader.ts";
import { extractTar, packDirectory } from "./tar.ts";

const work = mkdtempSync(join(tmpdir(), "keduo-backup-format-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

async function* from(...buffers: Buffer[]): AsyncGenerator<Buffer> {
  // Odd slices, so no parser may assume chunk boundaries line up with its fields.
  for (const buffer of buffers)
    for (let i = 0; i < buffer.length; i += 777) yield buffer.subarray(i, i + 777);
}

const manifest: BackupManifest = {
  format: "keduo-backup",
  created_at: "2026-03-15T02:00:00.000Z",
  engine: "pglite",
  payload: "pglite-data-dir-tar-gzip",
  schemas: { system: "keduo", workspace: "ws_main" },
  migration: 9,
  postgres_major: 18,
};

const passphrase = "a passphrase of some length";
const decrypt = (file: Buffer, secret = passphrase) =>
  collect(decryptStream(new ByteReader(from(file)), secret));

describe("encrypted envelope", () => {
  const plain = randomBytes(5 * 1024 + 123);
  const encrypt = (data: Buffer) => collect(encryptStream(from(data), passphrase, { chunkSize: 1024 }));

  it("round-trips data of any length, including empty and exact multiples of the chunk size", async () => {
    for (const data of [Buffer.alloc(0), randomBytes(1024), randomBytes(3 * 1024), plain]) {
      const sealed = await encrypt(data);
      expect(sealed.subarray(0, 8).toString()).toBe("KDBACKUP");
      expect(sealed.includes(data.subarray(0, 64)) && data.length > 0).toBe(false);
      expect((await decrypt(sealed)).equals(data)).toBe(true);
    }
  });

  it("refuses a wrong passphrase, and any changed, dropped or appended byte, before yielding it", async () => {
    const sealed = await encrypt(plain);
    await expect(decrypt(sealed, "another passphrase")).rejects.toThrow(/passphrase is wrong/);
    // A flipped bit in the fourth chunk: the first three authenticate, the fourth must not be released.
    const flipped = Buffer.from(sealed);
    flipped[41 + 3 * (1024 + 16) + 10]! ^= 1;
    const released: Buffer[] = [];
    await expect(
      (async () => {
        for await (const part of decryptStream(new ByteReader(from(flipped)), passphrase))
          released.push(part);
      })(),
    ).rejects.toThrow(/altered or damaged/);
    expect(Buffer.concat(released).equals(plain.subarray(0, 3 * 1024))).toBe(true);
    // Truncated at a chunk boundary: the last-chunk flag catches it.
    await expect(decrypt(sealed.subarray(0, 41 + 2 * (1024 + 16)))).rejects.toThrow(/altered or damaged/);
    await expect(decrypt(Buffer.concat([sealed, Buffer.from("x")]))).rejects.toThrow(/altered or damaged/);
    // The header is authenticated too (here: the chunk size).
    const header = Buffer.from(sealed);
    header.writeUInt32BE(2048, 37);
    await expect(decrypt(header)).rejects.toThrow(/passphrase is wrong|damaged/);
    // A crafted cost parameter is refused before scrypt runs.
    const costly = Buffer.from(sealed);
    costly[11] = 30;
    await expect(decrypt(costly)).rejects.toThrow(/unknown key parameters/);
  });
});

describe("archive", () => {
  it("carries the manifest and payload, and detects a damaged or truncated payload", async () => {
    const payload = randomBytes(3 * 1024 * 1024 + 5);
    const archive = await collect(writeArchive(manifest, from(payload)));
    const opened = await openBackup(from(archive), null);
    expect(opened.manifest).toEqual(manifest);
    expect(opened.encrypted).toBe(false);
    expect((await collect(opened.payload)).equals(payload)).toBe(true);

    const damaged = Buffer.from(archive);
    damaged[archive.length - 100]! ^= 1;
    await expect(collect((await openBackup(from(damaged), null)).payload)).rejects.toThrow(/checksum/);
    await expect(
      collect((await openBackup(from(archive.subarray(0, archive.length - 40)), null)).payload),
    ).rejects.toThrow(/ends inside/);
    await expect(openBackup(from(Buffer.from("PGDMP not a keduo backup")), null)).rejects.toThrow(
      /not a Keduo backup/,
    );
  });

  it("asks for the passphrase of an encrypted archive", async () => {
    const sealed = await collect(encryptStream(writeArchive(manifest, from(Buffer.from("x"))), passphrase));
    await expect(openBackup(from(sealed), null)).rejects.toThrow(/This backup is encrypted/);
    const opened = await openBackup(from(sealed), passphrase);
    expect(opened.encrypted).toBe(true);
    expect((await collect(opened.payload)).toString()).toBe("x");
  });
});

describe("tar", () => {
  it("round-trips a directory tree with empty directories and long paths", async () => {
    const root = join(work, "tree");
    const deep = join(root, "base", "a".repeat(60), "b".repeat(60));
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(root, "pg_tblspc"));
    writeFileSync(join(deep, "16384_fsm"), randomBytes(70_000));
    writeFileSync(join(root, "PG_VERSION"), "18\n");
    const tar = await collect(packDirectory(root, "pg"));
    const out = join(work, "out");
    mkdirSync(out);
    expect(await extractTar(from(tar), out)).toBe(2);
    expect(readdirSync(join(out, "pg")).sort()).toEqual(["PG_VERSION", "base", "pg_tblspc"]);
    const relative = join("base", "a".repeat(60), "b".repeat(60), "16384_fsm");
    expect(readFileSync(join(out, "pg", relative)).equals(readFileSync(join(root, relative)))).toBe(true);
  });

  it("refuses entries that would land outside the target", async () => {
    const root = join(work, "evil");
    mkdirSync(join(root, "x"), { recursive: true });
    writeFileSync(join(root, "x", "passwd"), "owned");
    const tar = await collect(packDirectory(root, "pg/../../escape"));
    const out = join(work, "evil-out");
    mkdirSync(out);
    await expect(extractTar(from(tar), out)).rejects.toThrow(/unsafe path/);
    expect(existsSync(join(work, "escape"))).toBe(false);
  });
});
