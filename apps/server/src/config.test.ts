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
  it("keeps delivered events a week on PostgreSQL and none on the embedded database (ADR 0036)", () => {
    expect(loadConfig({}).events.retentionHours).toBe(0);
    expect(loadConfig({ DATABASE_URL: "postgres://localhost/keduo" }).events.retentionHours).toBe(168);
    expect(loadConfig({ KEDUO_EVENTS_RETENTION_HOURS: "24" }).events.retentionHours).toBe(24);
    // Other instances' consumers may trail on PostgreSQL: at least an hour there.
    expect(() =>
      loadConfig({ DATABASE_URL: "postgres://localhost/keduo", KEDUO_EVENTS_RETENTION_HOURS: "0" }),
    ).toThrow(/KEDUO_EVENTS_RETENTION_HOURS/);
  });
});

describe("KEDUO_ADVISOR_SLOW_MS, KEDUO_ADVISOR_MIN_SLOW_CALLS and KEDUO_ADVISOR_UNUSED_DAYS", () => {
  it("leave the index advisor's own thresholds unless set, and lower them when set (ADR 0034)", () => {
    expect(loadConfig({}).advisor).toEqual({});
    const env = {
      KEDUO_ADVISOR_SLOW_MS: "0",
      KEDUO_ADVISOR_MIN_SLOW_CALLS: "3",
      KEDUO_ADVISOR_UNUSED_DAYS: "0",
    };
    expect(loadConfig(env).advisor).toEqual({ slowMs: 0, minSlowCalls: 3, unusedAfterDays: 0 });
  });

  it("refuses a count below one with the other configuration problems", () => {
    expect(() => loadConfig({ KEDUO_ADVISOR_MIN_SLOW_CALLS: "0", KEDUO_ADVISOR_SLOW_MS: "fast" })).toThrow(
      /KEDUO_ADVISOR_SLOW_MS must be an integer between 0 and 600000 \(got "fast"\)[\s\S]*KEDUO_ADVISOR_MIN_SLOW_CALLS must be an integer between 1 and 1000000/,
    );
  });
});
