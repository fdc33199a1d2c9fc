import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { BackupFormatError, ByteReader } from "./byte-reader.ts";

/**
 * The encrypted envelope around a backup archive: AES-256-GCM with a key from scrypt, in independently
 * authenticated chunks (the STREAM construction: nonce = random prefix ‖ chunk counter ‖ last-chunk flag).
 * One GCM tag over a whole file could only be checked after every byte had been released; per-chunk tags
 * let a reader stream and still never emit a byte that was not authenticated, and the counter and the
 * last-chunk flag make reordered, dropped or truncated chunks fail too. The header is the AAD of every
 * chunk, so its parameters cannot be changed either.
 *
 * Header (41 bytes): "KDBACKUP" | version 1 | "E" | kdf 1 (scrypt) | log2(N) | r | p | salt[16] |
 * nonce prefix[7] | chunk size (u32 BE). Then chunks of `chunk size` plaintext bytes + 16-byte tag; the
 * last one is shorter (possibly empty) and flagged.
 */

export const MAGIC = Buffer.from("KDBACKUP", "ascii");
export const FORMAT_VERSION = 1;
export const TYPE_PLAIN = 0x50; // "P"
export const TYPE_ENCRYPTED = 0x45; // "E"
const KDF_SCRYPT = 1;
const HEADER_LENGTH = 41;
const TAG_LENGTH = 16;
const DEFAULT_CHUNK = 64 * 1024;
// OWASP's scrypt recommendation (N = 2^17, r = 8, p = 1): 128 MiB and a fraction of a second per derivation.
const DEFAULT_PARAMS = { log2N: 17, r: 8, p: 1 };

export class BackupPassphraseError extends Error {
  override name = "BackupPassphraseError";
}

interface KdfParams {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
}

// Verifying a file and then restoring it reads it twice; the key is derived once per process.
const keyCache = new Map<string, Promise<Buffer>>();

function deriveKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  const cacheKey = `${params.salt.toString("hex")}:${params.log2N}:${params.r}:${params.p}:${passphrase}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    const N = 2 ** params.log2N;
    key = new Promise<Buffer>((resolve, reject) =>
      scrypt(
        passphrase.normalize("NFC"),
        params.salt,
        32,
        { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
        (error, derived) => (error ? reject(error) : resolve(derived)),
      ),
    );
    keyCache.set(cacheKey, key);
  }
  return key;
}

function nonce(prefix: Buffer, counter: number, { last }: { last: boolean }): Buffer {
  const out = Buffer.alloc(12);
  prefix.copy(out, 0);
  out.writeUInt32BE(counter, 7);
  out[11] = last ? 1 : 0;
  return out;
}

/** Encrypts a byte stream into the envelope; memory use is one chunk, whatever the input size. */
export async function* encryptStream(
  source: AsyncIterable<Uint8Array>,
  passphrase: string,
  options: { chunkSize?: number } = {},
): AsyncGenerator<Buffer> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const params: KdfParams = { ...DEFAULT_PARAMS, salt: randomBytes(16) };
  const prefix = randomBytes(7);
  const header = Buffer.alloc(HEADER_LENGTH);
  MAGIC.copy(header, 0);
  header[8] = FORMAT_VERSION;
  header[9] = TYPE_ENCRYPTED;
  header[10] = KDF_SCRYPT;
  header[11] = params.log2N;
  header[12] = params.r;
  header[13] = params.p;
  params.salt.copy(header, 14);
  prefix.copy(header, 30);
  header.writeUInt32BE(chunkSize, 37);
  const key = await deriveKey(passphrase, params);
  yield header;

  let counter = 0;
  const seal = (plain: Buffer, { last }: { last: boolean }): Buffer => {
    const cipher = createCipheriv("aes-256-gcm", key, nonce(prefix, counter++, { last }));
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([body, cipher.getAuthTag()]);
  };
  // A full chunk is held back until more input arrives: only then is it known not to be the last.
  const reader = new ByteReader(source);
  let pending = await readFull(reader, chunkSize);
  while (pending.length === chunkSize && !(await reader.atEnd())) {
    yield seal(pending, { last: false });
    pending = await readFull(reader, chunkSize);
  }
  yield seal(pending, { last: true });
}

async function readFull(reader: ByteReader, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const part = await reader.readAtMost(n - got);
    if (!part.length) break;
    parts.push(part);
    got += part.length;
  }
  return Buffer.concat(parts, got);
}

export interface EnvelopeHeader {
  header: Buffer;
  params: KdfParams;
  prefix: Buffer;
  chunkSize: number;
}

/** Parses and bounds-checks an envelope header (a crafted one must not make scrypt allocate gigabytes). */
export function parseEnvelopeHeader(header: Buffer): EnvelopeHeader {
  if (header.length < HEADER_LENGTH || !header.subarray(0, 8).equals(MAGIC) || header[9] !== TYPE_ENCRYPTED) {
    throw new BackupFormatError("This is not an encrypted Keduo backup.");
  }
  if (header[8] !== FORMAT_VERSION) {
    throw new BackupFormatError(
      `This backup uses format version ${header[8]}; this Keduo reads version ${FORMAT_VERSION}. Use a newer Keduo.`,
    );
  }
  const [kdf = 0, log2N = 0, r = 0, p = 0] = header.subarray(10, 14);
  const chunkSize = header.readUInt32BE(37);
  if (kdf !== KDF_SCRYPT || log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new BackupFormatError("The encryption header of this backup is damaged (unknown key parameters).");
  }
  if (chunkSize < 1024 || chunkSize > 16 * 1024 * 1024) {
    throw new BackupFormatError("The encryption header of this backup is damaged (chunk size).");
  }
  return {
    header: header.subarray(0, HEADER_LENGTH),
    params: { log2N, r, p, salt: header.subarray(14, 30) },
    prefix: header.subarray(30, 37),
    chunkSize,
  };
}

/**
 * Decrypts the envelope, yielding only authenticated plaintext. A wrong passphrase fails on the first
 * chunk, before anything is yielded; a change anywhere later fails at that chunk.
 */
export async function* decryptStream(reader: ByteReader, passphrase: string): AsyncGenerator<Buffer> {
  const envelope = parseEnvelopeHeader(await reader.read(HEADER_LENGTH, "encryption header"));
  const key = await deriveKey(passphrase, envelope.params);
  const sealed = envelope.chunkSize + TAG_LENGTH;
  for (let counter = 0; ; counter++) {
    // One byte more than a chunk tells whether this chunk is the last.
    const held = await reader.fill(sealed + 1);
    const last = held <= sealed;
    if (held < TAG_LENGTH) throw new BackupFormatError("The encrypted backup is truncated.");
    const chunk = await reader.read(last ? held : sealed, "encrypted data");
    const decipher = createDecipheriv("aes-256-gcm", key, nonce(envelope.prefix, counter, { last }));
    decipher.setAAD(envelope.header);
    decipher.setAuthTag(chunk.subarray(chunk.length - TAG_LENGTH));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(chunk.subarray(0, chunk.length - TAG_LENGTH)),
        decipher.final(),
      ]);
    } catch {
      if (counter === 0) {
        throw new BackupPassphraseError(
          "Cannot decrypt this backup: the passphrase is wrong, or the file is damaged.",
        );
      }
      const offset = HEADER_LENGTH + counter * sealed;
      throw new BackupPassphraseError(
        `This backup was altered or damaged (encrypted data near byte ${offset} does not authenticate). Nothing was restored from it.`,
      );
    }
    if (plain.length) yield plain;
    if (last) return;
  }
}
