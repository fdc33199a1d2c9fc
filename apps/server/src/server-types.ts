import type { Clock } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { ServerConfig } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { EmbeddedMaintenance } from "./db/embedded-maintenance.ts";
import type { HttpDependencies } from "./http/app.ts";
import type { RouteRegistry } from "./http/route-registry.ts";
import type { AccessService } from "./modules/access/index.ts";
import type { AdvisorTuning, IndexAdvisor } from "./modules/advisor/index.ts";
import type { FirstAdmin } from "./modules/auth/index.ts";
import type { AutomationModule, WebhookResolver } from "./modules/automation/index.ts";
import type { BackupScheduler } from "./modules/backup/index.ts";
import type { BundlesService } from "./modules/bundles/index.ts";
import type { WorkingCalendarService } from "./modules/calendar/index.ts";
import type { EventRelay, EventsService } from "./modules/events/index.ts";
import type { StoredFormulaBackfills } from "./modules/formula-sql/index.ts";
import type { JobQueue, Timers } from "./modules/jobs/index.ts";
import type { MailService } from "./modules/mail/index.ts";
import type { MetadataService } from "./modules/metadata/index.ts";
import type { NotificationsService } from "./modules/notifications/index.ts";
import type { RecordsService } from "./modules/records/index.ts";

/**
 * What `createKeduo` takes and gives (server.ts, the composition root): the running server with the services
 * engines and tests call, the options tests and benchmarks set, and what registers before background work starts.
 */
export interface KeduoServer {
  app: FastifyInstance;
  database: Database;
  clock: Clock;
  firstAdmin: FirstAdmin | null;
  /** What opening the database settled after a killed backup or restore, one line each. */
  recovered: string[];
  routes: RouteRegistry;
  /** Scheduled backups; tests call `runDue()` after moving the clock. */
  backups: BackupScheduler;
  /** Stored formula columns filled after their metadata change (ADR 0019). */
  backfills: StoredFormulaBackfills;
  /** The services as engines call them, without HTTP: what a rule enforced only in a route would miss. */
  access: AccessService;
  /** The records service: engines and tests write through it as the system or for a user (ADR 0024). */
  records: RecordsService;
  /** The record write hooks in the order they run, stage by stage, as their placements declare. */
  writeHooks: ReadonlyArray<{ stage: string; name: string }>;
  /** The event relay (ADR 0017); tests and benchmarks read its consumers' state. */
  events: EventRelay;
  /** The one job queue and the business-clock timers (ADR 0018). */
  jobs: JobQueue;
  timers: Timers;
  /** Configuration as bundles (ADR 0022); the CLI exports and applies through it. */
  bundles: BundlesService;
  /** The definitions; the first start asks whether there are any (modules/templates). */
  metadata: MetadataService;
  /** The working calendar business-day offsets count with (ADR 0031). */
  calendar: WorkingCalendarService;
  /** The two channels of automations and reminders (ADR 0030): in-app notifications and email. */
  notifications: NotificationsService;
  mail: MailService;
  /** The automation engine (ADR 0032): tests and benchmarks scan its timers and run its runs directly. */
  automation: AutomationModule;
  /** The index advisor (ADR 0034): tests run its rounds with `runOnce()`. */
  advisor: IndexAdvisor;
  /** Analyze, vacuum and checkpoint on the embedded engine (ADR 0036); tests run rounds with `runOnce()`. */
  maintenance: EmbeddedMaintenance;
  close(): Promise<void>;
}

/** What modules (and tests) register on before background work starts. */
export interface BackgroundRegistry {
  events: EventsService;
  jobs: JobQueue;
  timers: Timers;
}

export interface KeduoOptions {
  config: ServerConfig;
  clock?: Clock;
  /** An open database (tests share one); otherwise it is opened from the config and closed with the server. */
  database?: Database;
  logger?: HttpDependencies["logger"];
  /**
   * Stored formula backfills: rows per batch (tables up to this size are filled in the metadata change), and
   * `manual` to run no batch by itself (tests step through a fill).
   */
  backfill?: { batchSize?: number; manual?: boolean };
  /** Registers extra event consumers, jobs and timers before they start (tests, benchmarks). */
  register?: (registry: BackgroundRegistry) => void;
  /**
   * Whether timed automations are scanned every minute (default true). Tests scan them themselves after
   * moving the business clock, so a minute boundary in the middle of a test fires nothing unasked.
   */
  automationScans?: boolean;
  /** How webhook deliveries resolve names before the SSRF guard judges them (tests); node:dns otherwise. */
  webhookResolver?: WebhookResolver;
  /** The index advisor's thresholds; `background: false` runs no round by itself (tests call `runOnce()`). */
  advisor?: Partial<AdvisorTuning> & { background?: boolean };
}
