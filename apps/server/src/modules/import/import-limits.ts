/**
 * What an import may cost before it is refused. Configured by environment (documented in README.md of this
 * module); the defaults let the benchmark's 1,000,000-row CSV through and stop hostile files early.
 */
export interface ImportLimits {
  /** Upload size, bytes. */
  maxBytes: number;
  /** Data rows per file (all sheets of a workbook together). */
  maxRows: number;
  /** Sum of the uncompressed sizes a workbook's zip declares. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed per zip entry; real sheets compress ~5–30×, bombs ≥ 1000×. */
  maxCompressionRatio: number;
  /** Entries in a workbook's zip. */
  maxZipEntries: number;
  /** Rows per write transaction (and per checkpoint). */
  batchSize: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxRows: 1_000_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 500,
  maxZipEntries: 10_000,
  batchSize: 500,
};

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
}

export function importLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const d = DEFAULT_IMPORT_LIMITS;
  return {
    maxBytes: positiveInteger(env, "KEDUO_IMPORT_MAX_BYTES", d.maxBytes),
    maxRows: positiveInteger(env, "KEDUO_IMPORT_MAX_ROWS", d.maxRows),
    maxUncompressedBytes: positiveInteger(env, "KEDUO_IMPORT_MAX_UNCOMPRESSED_BYTES", d.maxUncompressedBytes),
    maxCompressionRatio: positiveInteger(env, "KEDUO_IMPORT_MAX_COMPRESSION_RATIO", d.maxCompressionRatio),
    maxZipEntries: d.maxZipEntries,
    batchSize: Math.min(1000, positiveInteger(env, "KEDUO_IMPORT_BATCH_SIZE", d.batchSize)),
  };
}
