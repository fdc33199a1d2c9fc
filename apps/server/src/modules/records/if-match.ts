import { KeduoError } from "@keduo/core";

/**
 * `If-Match: "3"` (or W/"3", or 3) → 3; absent → undefined. Versions of records, views and layouts are
 * plain integers, sent back as their ETag.
 */
export function ifMatchVersion(header: string | undefined, of = "record"): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match)
    throw new KeduoError("BAD_REQUEST", {
      params: { reason: `If-Match must be the ${of}'s version, e.g. "3"` },
    });
  return Number(match[1]);
}
