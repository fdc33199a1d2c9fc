import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("KEDUO_LOG_LEVEL", () => {
  it("defaults to info in development and to warn when NODE_ENV is production (npm start in production)", () => {
    expect(loadConfig({}).logLevel).toBe("info");
    expect(loadConfig({ NODE_ENV: "development" }).logLevel).toBe("info");
    expect(loadConfig({ NODE_ENV: "production" }).logLevel).toBe("warn");
  });

  it("takes any pino level, in any case, over the mode's default", () => {
    expect(loadConfig({ NODE_ENV: "production", KEDUO_LOG_LEVEL: "info" }).logLevel).toBe("info");
    expect(loadConfig({ KEDUO_LOG_LEVEL: "ERROR" }).logLevel).toBe("error");
    expect(loadConfig({ KEDUO_LOG_LEVEL: "silent" }).logLevel).toBe("silent");
  });

  it("refuses an unknown level, naming the variable and the levels it takes", () => {
    expect(() => loadConfig({ KEDUO_LOG_LEVEL: "verbose" })).toThrow(ConfigError);
    expect(() => loadConfig({ KEDUO_LOG_LEVEL: "verbose" })).toThrow(
      'KEDUO_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (got "verbose")',
    );
  });
});
