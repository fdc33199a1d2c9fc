/**
 * What an import may cost before it is refused. Read from the environment by `loadConfig` (config.ts,
 * `KEDUO_IMPORT_*`, documented in README.md); the defaults let the benchmark's 1,000,000-row CSV through and
 * stop hostile files early.
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
  /**
   * Days a completed import can be undone. Its undo log (a row per record it created or changed, with the
   * values before) is deleted after that by the hourly retention job: a year of daily imports would keep
   * every imported record's log for ever.
   */
  undoDays: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxRows: 1_000_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 500,
  maxZipEntries: 10_000,
  batchSize: 1000,
  undoDays: 30,
};
