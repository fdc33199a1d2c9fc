import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.ts";
import { DEFAULT_IMPORT_LIMITS } from "../../import-limits.ts";

describe("import limits in the configuration", () => {
  it("defaults when the environment says nothing", () => {
    expect(loadConfig({}).importLimits).toEqual(DEFAULT_IMPORT_LIMITS);
  });

  it("reads every KEDUO_IMPORT_* variable", () => {
    const limits = loadConfig({
      KEDUO_IMPORT_MAX_BYTES: "1048576",
      KEDUO_IMPORT_MAX_ROWS: "2000000",
      KEDUO_IMPORT_MAX_UNCOMPRESSED_BYTES: "2147483648",
      KEDUO_IMPORT_MAX_COMPRESSION_RATIO: "100",
      KEDUO_IMPORT_BATCH_SIZE: "1000",
      KEDUO_IMPORT_UNDO_DAYS: "90",
    }).importLimits;
    expect(limits).toEqual({
      maxBytes: 1048576,
      maxRows: 2_000_000,
      maxUncompressedBytes: 2147483648,
      maxCompressionRatio: 100,
      maxZipEntries: DEFAULT_IMPORT_LIMITS.maxZipEntries,
      batchSize: 1000,
      undoDays: 90,
    });
  });

  it("refuses bad values with one ConfigError naming each variable", () => {
    const load = () =>
      loadConfig({
        KEDUO_IMPORT_MAX_ROWS: "lots",
        KEDUO_IMPORT_BATCH_SIZE: "5000",
        KEDUO_IMPORT_MAX_BYTES: "0",
        KEDUO_IMPORT_MAX_COMPRESSION_RATIO: "1.5",
        KEDUO_IMPORT_UNDO_DAYS: "0",
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/KEDUO_IMPORT_MAX_ROWS must be an integer between 1 and 100000000 \(got "lots"\)/);
    expect(load).toThrow(/KEDUO_IMPORT_BATCH_SIZE must be an integer between 1 and 1000 \(got "5000"\)/);
    expect(load).toThrow(/KEDUO_IMPORT_MAX_BYTES must be an integer between 1024 and/);
    expect(load).toThrow(/KEDUO_IMPORT_MAX_COMPRESSION_RATIO must be an integer between 1 and 100000/);
    expect(load).toThrow(/KEDUO_IMPORT_UNDO_DAYS must be an integer between 1 and 3650 \(got "0"\)/);
  });
});
