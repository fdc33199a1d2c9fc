// The seeded generator is the demo company's (one sfc32 for demo and benchmark data alike).
import { createRng, type Rng, seedFrom } from "../../../apps/server/src/modules/demo/index.ts";

export { createRng, type Rng, seedFrom };

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A UUID v7 (RFC 9562) for a given millisecond with its random bits from `rng`: the same layout as
 * `uuidv7` in @keduo/core, but reproducible, so a rebuilt data set has the same ids.
 */
export function seededUuidv7(ms: number, rng: Rng): string {
  const bytes = new Uint8Array(16);
  const high = Math.floor(ms / 2 ** 32);
  const low = ms % 2 ** 32;
  bytes[0] = high >>> 8;
  bytes[1] = high & 0xff;
  bytes[2] = low >>> 24;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  for (let i = 6; i < 16; i++) bytes[i] = rng.int(256);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let out = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += "-";
    out += HEX[bytes[i]!];
  }
  return out;
}
