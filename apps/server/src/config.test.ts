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

describe("KEDUO_EVENTS_RETENTION_HOURS", () => {
  it("keeps delivered events a week on PostgreSQL and an hour on the embedded database (ADR 0036)", () => {
    expect(loadConfig({}).events.retentionHours).toBe(1);
    expect(loadConfig({ DATABASE_URL: "postgres://localhost/keduo" }).events.retentionHours).toBe(168);
    expect(loadConfig({ KEDUO_EVENTS_RETENTION_HOURS: "24" }).events.retentionHours).toBe(24);
  });
});
