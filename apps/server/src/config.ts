import { isLocale, isValidTimeZone, type Locale } from "@keduo/core";
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from "./import-limits.ts";

/** Up to this many matching records a list's `count=true` is exact (ADR 0035); KEDUO_EXACT_COUNT_LIMIT. */
export const EXACT_COUNT_LIMIT = 10_000;

/** pino's levels, quietest last; `silent` logs nothing. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  secret: string | null;
  smtpUrl: string | null;
  /** The From of every email (SMTP_FROM, `Name <address>` or an address); its domain names the Message-IDs. */
  smtpFrom: string | null;
  /** First retry of an email the SMTP server refused, in seconds; it doubles each time (ADR 0030). */
  mailRetryDelaySeconds: number;
  /**
   * Hosts an automation's webhook may call although they are loopback, private or link-local addresses
   * (KEDUO_WEBHOOK_ALLOW_HOSTS, comma-separated names or IP literals as written in the URL); ADR 0032.
   */
  webhookAllowHosts: string[];
  /** First retry of a webhook delivery that failed, in seconds; it doubles each time. */
  webhookRetryDelaySeconds: number;
  locale: Locale;
  timeZone: string;
  /** The month (1–12) the organisation's fiscal year starts in: fiscal quarters and years of aggregates. */
  fiscalYearStartMonth: number;
  /** Prefix of the PostgreSQL schemas Keduo owns; tests give each run its own. */
  schemaPrefix: string;
  bodyLimitBytes: number;
  loginRateLimit: { max: number; windowMs: number };
  /** Cookies get `Secure` when Keduo is served over https (directly or behind a proxy that says so). */
  trustProxy: boolean;
  /** Encrypts scheduled backups when set (KEDUO_BACKUP_PASSPHRASE; the CLI reads the same variable). */
  backupPassphrase: string | null;
  /** What an Excel/CSV import may cost before it is refused (KEDUO_IMPORT_*). */
  importLimits: ImportLimits;
  /** V8's heap growing factor while an import runs, in percent (KEDUO_HEAP_GROWING_PERCENT; 0 = V8's own); ADR 0013. */
  heapGrowingPercent: number;
  /** The event relay (ADR 0017): how long delivered events are kept, how long a delivery lease lasts. */
  events: { retentionHours: number; leaseSeconds: number };
  /**
   * The job queue (ADR 0018): a running job unconfirmed for `heartbeatSeconds` — its instance died — is
   * retried; lost heartbeats and expired jobs are looked for every `superviseSeconds`.
   */
  jobs: { heartbeatSeconds: number; superviseSeconds: number };
  /**
   * The template (`templates/<name>`) `keduo start` applies to an empty installation (KEDUO_TEMPLATE, default
   * `crm`); null (`none`) starts with an empty platform.
   */
  template: string | null;
  /**
   * The server log's level (KEDUO_LOG_LEVEL). Every request is logged at `info`, which costs time on each
   * call, so production (NODE_ENV=production, as in the Docker image) defaults to `warn`; elsewhere `info`.
   */
  logLevel: LogLevel;
  /**
   * Up to this many matching records a list's `count=true` is an exact count; above it, the planner's
   * estimate, marked `total_estimated` (KEDUO_EXACT_COUNT_LIMIT; ADR 0035).
   */
  exactCountLimit: number;
  /**
   * The index advisor's thresholds when set (ADR 0034): a read this slow counts as slow
   * (KEDUO_ADVISOR_SLOW_MS, 20), and a shape is proposed after this many slow reads
   * (KEDUO_ADVISOR_MIN_SLOW_CALLS, 50); an index of its own no read used for this many days is proposed for
   * removal (KEDUO_ADVISOR_UNUSED_DAYS, 30). Lowered to see it all on a small installation (the e2e suite).
   */
  advisor: { slowMs?: number; minSlowCalls?: number; unusedAfterDays?: number };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

/** `{ [key]: value }` when the variable is set, `{}` otherwise, so the module's own default applies. */
function optionalInteger<K extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  key: K,
  min: number,
  max: number,
  attempt: <T>(read: () => T, fallback: T) => T,
): Partial<Record<K, number>> {
  if (env[name] === undefined || env[name] === "") return {};
  return attempt<Partial<Record<K, number>>>(
    () => ({ [key]: integer(env, name, 0, min, max) }) as Record<K, number>,
    {},
  );
}

const GIB = 1024 ** 3;

/** KEDUO_IMPORT_*; the defaults let a 1,000,000-row CSV through and stop hostile files early. */
function importLimits(env: NodeJS.ProcessEnv, attempt: <T>(read: () => T, fallback: T) => T): ImportLimits {
  const d = DEFAULT_IMPORT_LIMITS;
  const read = (name: string, fallback: number, min: number, max: number) =>
    attempt(() => integer(env, name, fallback, min, max), fallback);
  return {
    maxBytes: read("KEDUO_IMPORT_MAX_BYTES", d.maxBytes, 1024, 16 * GIB),
    maxRows: read("KEDUO_IMPORT_MAX_ROWS", d.maxRows, 1, 100_000_000),
    maxUncompressedBytes: read("KEDUO_IMPORT_MAX_UNCOMPRESSED_BYTES", d.maxUncompressedBytes, 1024, 64 * GIB),
    maxCompressionRatio: read("KEDUO_IMPORT_MAX_COMPRESSION_RATIO", d.maxCompressionRatio, 1, 100_000),
    maxZipEntries: d.maxZipEntries,
    batchSize: read("KEDUO_IMPORT_BATCH_SIZE", d.batchSize, 1, 1000),
    undoDays: read("KEDUO_IMPORT_UNDO_DAYS", d.undoDays, 1, 3650),
  };
}

/** Reads and validates the environment once at start; every problem is reported at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = [];
  const attempt = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (error) {
      problems.push((error as Error).message);
      return fallback;
    }
  };
  const locale = env.KEDUO_LOCALE || "zh-CN";
  if (!isLocale(locale)) problems.push(`KEDUO_LOCALE must be zh-CN or en (got "${locale}")`);
  const timeZone = env.KEDUO_TIME_ZONE || "Asia/Shanghai";
  if (!isValidTimeZone(timeZone))
    problems.push(`KEDUO_TIME_ZONE is not a known IANA time zone: "${timeZone}"`);
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push("DATABASE_URL must start with postgres://");
  const schemaPrefix = env.KEDUO_SCHEMA_PREFIX ?? "";
  if (!/^[a-z0-9_]{0,20}$/.test(schemaPrefix))
    problems.push("KEDUO_SCHEMA_PREFIX may hold only a-z, 0-9 and _");
  const backupPassphrase = env.KEDUO_BACKUP_PASSPHRASE || null;
  if (backupPassphrase && backupPassphrase.length < 8)
    problems.push("KEDUO_BACKUP_PASSPHRASE must be at least 8 characters");
  const template = env.KEDUO_TEMPLATE || "crm";
  if (!/^[a-z0-9][a-z0-9_-]{0,49}$/.test(template))
    problems.push(
      `KEDUO_TEMPLATE must be a template's folder name under templates/ or none (got "${template}")`,
    );
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]/.test(smtpUrl))
    problems.push(
      "SMTP_URL must start with smtp:// or smtps:// (e.g. smtps://user:password@smtp.example.com)",
    );
  const smtpFrom = env.SMTP_FROM || null;
  if (smtpFrom && !/^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(smtpFrom.trim()))
    problems.push(`SMTP_FROM must be an address or "Name <address>" (got "${smtpFrom}")`);
  // Hosts as URLs write them, compared without case; an IPv6 literal may come with its brackets.
  const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, "$1");
  const webhookAllowHosts = (env.KEDUO_WEBHOOK_ALLOW_HOSTS ?? "")
    .split(",")
    .map((host) => unbracket(host.trim().toLowerCase()))
    .filter(Boolean);
  for (const host of webhookAllowHosts)
    if (!/^[a-z0-9.:-]{1,253}$/.test(host))
      problems.push(`KEDUO_WEBHOOK_ALLOW_HOSTS lists host names or IP addresses (got "${host}")`);
  const defaultLogLevel: LogLevel = env.NODE_ENV === "production" ? "warn" : "info";
  const logLevel = (env.KEDUO_LOG_LEVEL || defaultLogLevel).toLowerCase();
  const isLogLevel = (level: string): level is LogLevel => (LOG_LEVELS as readonly string[]).includes(level);
  if (!isLogLevel(logLevel))
    problems.push(`KEDUO_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${env.KEDUO_LOG_LEVEL}")`);
  const adminPassword = env.KEDUO_ADMIN_PASSWORD || null;
  if (adminPassword && adminPassword.length < 8)
    problems.push("KEDUO_ADMIN_PASSWORD must be at least 8 characters");
  const config: ServerConfig = {
    port: attempt(() => integer(env, "PORT", 3000, 0, 65535), 3000),
    host: env.HOST || "127.0.0.1",
    dataDir: env.KEDUO_DATA_DIR || "./data",
    databaseUrl,
    adminEmail: env.KEDUO_ADMIN_EMAIL || null,
    adminPassword,
    secret: env.KEDUO_SECRET || null,
    smtpUrl,
    smtpFrom: smtpFrom?.trim() ?? null,
    mailRetryDelaySeconds: attempt(() => integer(env, "KEDUO_MAIL_RETRY_SECONDS", 30, 1, 3600), 30),
    webhookAllowHosts,
    webhookRetryDelaySeconds: attempt(() => integer(env, "KEDUO_WEBHOOK_RETRY_SECONDS", 30, 1, 3600), 30),
    locale: isLocale(locale) ? locale : "zh-CN",
    timeZone,
    fiscalYearStartMonth: attempt(() => integer(env, "KEDUO_FISCAL_YEAR_START_MONTH", 1, 1, 12), 1),
    schemaPrefix,
    bodyLimitBytes: attempt(
      () => integer(env, "KEDUO_BODY_LIMIT", 5 * 1024 * 1024, 1024, 1024 ** 3),
      5 * 1024 * 1024,
    ),
    loginRateLimit: {
      max: attempt(() => integer(env, "KEDUO_LOGIN_RATE_LIMIT", 10, 1, 1_000_000), 10),
      windowMs: 60_000,
    },
    trustProxy: env.KEDUO_TRUST_PROXY === "true",
    backupPassphrase,
    importLimits: importLimits(env, attempt),
    heapGrowingPercent: attempt(() => integer(env, "KEDUO_HEAP_GROWING_PERCENT", 50, 0, 400), 50),
    events: {
      // Embedded: delivered events leave at the next maintenance round, not after a week (ADR 0036): a
      // 100,000-row import's events were larger than its records, and every consumer runs in the one
      // process, so nobody else may still need them. On PostgreSQL, instances of another version may.
      retentionHours: attempt(
        () =>
          integer(env, "KEDUO_EVENTS_RETENTION_HOURS", databaseUrl ? 168 : 0, databaseUrl ? 1 : 0, 87_600),
        databaseUrl ? 168 : 0,
      ),
      leaseSeconds: attempt(() => integer(env, "KEDUO_EVENTS_LEASE_SECONDS", 30, 1, 3600), 30),
    },
    jobs: {
      heartbeatSeconds: attempt(() => integer(env, "KEDUO_JOBS_HEARTBEAT_SECONDS", 30, 10, 3600), 30),
      superviseSeconds: attempt(() => integer(env, "KEDUO_JOBS_SUPERVISE_SECONDS", 60, 1, 3600), 60),
    },
    template: template === "none" ? null : template,
    logLevel: isLogLevel(logLevel) ? logLevel : defaultLogLevel,
    exactCountLimit: attempt(
      () => integer(env, "KEDUO_EXACT_COUNT_LIMIT", EXACT_COUNT_LIMIT, 1, 100_000_000),
      EXACT_COUNT_LIMIT,
    ),
    advisor: {
      ...optionalInteger(env, "KEDUO_ADVISOR_SLOW_MS", "slowMs", 0, 600_000, attempt),
      ...optionalInteger(env, "KEDUO_ADVISOR_MIN_SLOW_CALLS", "minSlowCalls", 1, 1_000_000, attempt),
      ...optionalInteger(env, "KEDUO_ADVISOR_UNUSED_DAYS", "unusedAfterDays", 0, 3650, attempt),
    },
  };
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  return config;
}
