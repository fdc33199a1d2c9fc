import { systemClock } from "@keduo/core";
import { openDatabase } from "./db/database.ts";
import { createEmbeddedMaintenance } from "./db/embedded-maintenance.ts";
import { migrate } from "./db/migrate.ts";
import { createHttpApp } from "./http/app.ts";
import { registerHealthRoutes } from "./http/health.routes.ts";
import { registerOpenApiRoutes } from "./http/openapi.routes.ts";
import { registerDepartmentRoutes } from "./modules/access/departments.routes.ts";
import { createAccessModule, requireAccess, restrictModel } from "./modules/access/index.ts";
import { registerRoleRoutes } from "./modules/access/roles.routes.ts";
import { registerSharingRoutes } from "./modules/access/sharing.routes.ts";
import { registerAdvisorRoutes } from "./modules/advisor/advisor.routes.ts";
import { createIndexAdvisor } from "./modules/advisor/index.ts";
import { registerAssignmentRoutes } from "./modules/assignment/assignment.routes.ts";
import { createAssignmentService } from "./modules/assignment/index.ts";
import { registerAuditRoutes } from "./modules/audit/audit.routes.ts";
import { registerSessionRoutes } from "./modules/auth/auth.routes.ts";
import { createAuthService, ensureFirstAdmin, fillMissingSearchKeys } from "./modules/auth/index.ts";
import { registerPeopleRoutes } from "./modules/auth/people.routes.ts";
import { registerUserRoutes } from "./modules/auth/users.routes.ts";
import { registerAutomationRoutes } from "./modules/automation/automations.routes.ts";
import { createAutomationModule } from "./modules/automation/index.ts";
import { registerBackupRoutes } from "./modules/backup/backup.routes.ts";
import { createBackupScheduler } from "./modules/backup/index.ts";
import { registerBundleRoutes } from "./modules/bundles/bundles.routes.ts";
import { createBundlesService } from "./modules/bundles/index.ts";
import { registerCalendarRoutes } from "./modules/calendar/calendar.routes.ts";
import { createWorkingCalendar } from "./modules/calendar/index.ts";
import { registerConversionRoutes } from "./modules/conversion/conversion.routes.ts";
import { createConversionService } from "./modules/conversion/index.ts";
import { registerDivisionRoutes } from "./modules/divisions/divisions.routes.ts";
import { createDivisionLookup } from "./modules/divisions/index.ts";
import { registerEventRoutes } from "./modules/events/events.routes.ts";
import { EventRelay, scheduleEventRetention } from "./modules/events/index.ts";
import { registerExportRoutes } from "./modules/export/export.routes.ts";
import { registerFileRoutes } from "./modules/files/files.routes.ts";
import { createFileStorage } from "./modules/files/index.ts";
import {
  createStoredFormulaBackfills,
  registerStoredFormulaHooks,
  storedFormulasGuard,
} from "./modules/formula-sql/index.ts";
import { registerImportRoutes } from "./modules/import/import.routes.ts";
import { createImportService } from "./modules/import/index.ts";
import { JobQueue, Timers } from "./modules/jobs/index.ts";
import { registerJobRoutes } from "./modules/jobs/jobs.routes.ts";
import { createLayoutsService } from "./modules/layouts/index.ts";
import { registerLayoutRoutes } from "./modules/layouts/layouts.routes.ts";
import { createMailService } from "./modules/mail/index.ts";
import { createMetadataService, objectModel } from "./modules/metadata/index.ts";
import { registerMetadataRoutes } from "./modules/metadata/metadata.routes.ts";
import { createNotificationsService } from "./modules/notifications/index.ts";
import { registerNotificationRoutes } from "./modules/notifications/notifications.routes.ts";
import { createOverviewService } from "./modules/overview/index.ts";
import { registerOverviewRoutes } from "./modules/overview/overview.routes.ts";
import { createPipelinesService } from "./modules/pipelines/index.ts";
import { registerPipelineRoutes } from "./modules/pipelines/pipelines.routes.ts";
import { registerAggregateRoutes } from "./modules/records/aggregate.routes.ts";
import { createRecordsService } from "./modules/records/index.ts";
import { registerNestedRoutes } from "./modules/records/nested.routes.ts";
import { registerRecordRoutes } from "./modules/records/records.routes.ts";
import { registerRecycleBinRoutes } from "./modules/records/recycle-bin.routes.ts";
import { registerViewAsRoutes } from "./modules/records/view-as.routes.ts";
import { registerTemplateRoutes } from "./modules/templates/templates.routes.ts";
import { registerFormulaRoutes } from "./modules/validation/formula.routes.ts";
import { createValidationService } from "./modules/validation/index.ts";
import { registerValidationRuleRoutes } from "./modules/validation/validation-rules.routes.ts";
import { createViewsService } from "./modules/views/index.ts";
import { registerViewRoutes } from "./modules/views/views.routes.ts";

import type { KeduoOptions, KeduoServer } from "./server-types.ts";

export type { BackgroundRegistry, KeduoOptions, KeduoServer } from "./server-types.ts";

/** Rows per backfill batch: each batch is one short transaction (≈ 0.2–0.5 s on 2 cores, ADR 0019). */
const BACKFILL_BATCH_SIZE = 5_000;

/**
 * Polling, per engine. PGlite is one connection shared with every request (ADR 0002), so its idle polls are
 * rarer; PostgreSQL's relay polls often enough for ~100 ms from commit to consumer. Measured in ADR 0018.
 */
const POLLING = {
  pglite: { relayMs: 250, queueSeconds: 2, timerScanMs: 1000 },
  postgres: { relayMs: 100, queueSeconds: 1, timerScanMs: 1000 },
} as const;

/**
 * The composition root: opens the database, migrates, wires modules and registers routes. It is the one file
 * that imports `*.routes.ts`: a module's index.ts gives its service and types, never its routes or `http/`.
 */
export async function createKeduo(options: KeduoOptions): Promise<KeduoServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openDatabase(
      config.databaseUrl
        ? { engine: "postgres", url: config.databaseUrl }
        : { engine: "pglite", dataDir: config.dataDir },
      config.schemaPrefix,
    ));
  let jobs: JobQueue | null = null;
  try {
    const { recovered } = await migrate(database, () => clock.now());
    // Background work logs through Fastify once the app exists; before that there is nothing to log.
    let log: (message: string, error?: unknown) => void = () => {};
    const logBackground = (message: string, error?: unknown) => log(message, error);
    const polling = POLLING[database.engine];
    jobs = new JobQueue(
      database,
      { pollingIntervalSeconds: polling.queueSeconds, ...config.jobs },
      logBackground,
    );
    const timers = new Timers({ database, clock, jobs, scanMs: polling.timerScanMs, log: logBackground });
    const events = new EventRelay({
      database,
      clock,
      settings: {
        leaseMs: config.events.leaseSeconds * 1000,
        pollMs: polling.relayMs,
        retentionMs: config.events.retentionHours * 3_600_000,
      },
      log: logBackground,
    });
    scheduleEventRetention(jobs, events, config.timeZone);
    const auth = createAuthService({ database, clock, config });
    const firstAdmin = await ensureFirstAdmin({ database, clock, config });
    await fillMissingSearchKeys(database.db);
    const divisions = createDivisionLookup();
    const files = createFileStorage({ database, clock });
    const metadata = createMetadataService({ database, clock, config, divisions });
    const accessModule = createAccessModule({
      database,
      metadata,
      clock,
      timeZone: config.timeZone,
    });
    const access = accessModule.service;
    const records = createRecordsService({ database, clock, config, metadata, access, files });
    const { background: advisorRounds = true, ...advisorTuning } = options.advisor ?? {};
    const advisor = createIndexAdvisor({ database, clock, records }, { ...config.advisor, ...advisorTuning });
    // Stored formulas (ADR 0010): columns follow metadata changes, values follow every record write; big
    // tables are filled after the change, in batches outside the metadata lock (ADR 0019).
    const batchSize = options.backfill?.batchSize ?? BACKFILL_BATCH_SIZE;
    const backfills = createStoredFormulaBackfills({
      database,
      metadata,
      batchSize,
      manual: options.backfill?.manual,
      // Fills run only once the app is ready (resume, or after a metadata change over HTTP).
      log: (message, error) => app.log.error({ err: error }, message),
    });
    metadata.guards.register(
      "formula.stored",
      storedFormulasGuard(database.schemas, {
        batchSize,
        startBackfill: (objectId, fieldId) => backfills.startBackfill(objectId, fieldId),
      }),
    );
    registerStoredFormulaHooks(records.pipeline, database.schemas);
    const validation = createValidationService({ database, clock, config, metadata, records });
    const views = createViewsService({ database, clock, config, metadata });
    const layouts = createLayoutsService({ database, clock, metadata });
    const bundles = createBundlesService({ database, clock, timeZone: config.timeZone, metadata });
    const pipelines = createPipelinesService({ database, clock, config, metadata, records, bundles });
    const overview = createOverviewService({ database, clock, metadata, records, bundles });
    const conversion = createConversionService({ database, clock, metadata, records, bundles });
    const calendar = await createWorkingCalendar({ database, clock });
    const notifications = createNotificationsService({ database, clock });
    const mail = createMailService({
      database,
      clock,
      config,
      jobs,
      log: { warn: (message) => app.log.warn(message), error: logBackground },
    });
    const assignment = createAssignmentService({
      database,
      clock,
      timeZone: config.timeZone,
      metadata,
      records,
      directory: accessModule.directory,
      bundles,
    });
    const automation = createAutomationModule({
      database,
      clock,
      timeZone: config.timeZone,
      metadata,
      records,
      bundles,
      jobs,
      directory: accessModule.directory,
      notifications,
      mail,
      calendar,
      assignment,
      timers,
      scanEveryMinute: options.automationScans ?? true,
      webhooks: {
        allowHosts: config.webhookAllowHosts,
        retryDelaySeconds: config.webhookRetryDelaySeconds,
        ...(options.webhookResolver ? { resolver: options.webhookResolver } : {}),
      },
    });

    const { app, routes } = await createHttpApp({
      config,
      logger: options.logger,
      resolvePrincipal: (credentials) => auth.resolvePrincipal(credentials),
      resolveAccess: (principal, options) => access.contextFor(principal, database.db, options),
    });
    await registerHealthRoutes(app, { database });
    await registerSessionRoutes(app, { auth, config });
    await registerUserRoutes(app, { auth });
    await registerPeopleRoutes(app, { db: database.db });
    await registerMetadataRoutes(app, {
      metadata,
      fieldAccess: (request, object, field) =>
        restrictModel(objectModel(object), requireAccess(request)).fieldAccess(field),
    });
    await registerRecordRoutes(app, { records });
    await registerAggregateRoutes(app, { records });
    await registerRecycleBinRoutes(app, { database, clock, config });
    await registerViewAsRoutes(app, { database, access, reads: records.reads });
    await registerNestedRoutes(app, { records, database, metadata });
    await registerSharingRoutes(app, accessModule);
    await registerFormulaRoutes(app);
    await registerValidationRuleRoutes(app, { validation });
    await registerPipelineRoutes(app, { pipelines });
    await registerOverviewRoutes(app, { overview });
    await registerConversionRoutes(app, { conversion });
    await registerNotificationRoutes(app, { notifications });
    await registerAutomationRoutes(app, { automation });
    await registerAssignmentRoutes(app, { assignment });
    await registerViewRoutes(app, { views });
    await registerExportRoutes(app, { records, views, database, divisions, clock, config });
    await registerLayoutRoutes(app, { layouts });
    await registerBundleRoutes(app, { bundles });
    await registerTemplateRoutes(app, { bundles });
    await registerRoleRoutes(app, accessModule);
    await registerDepartmentRoutes(app, accessModule);
    await registerAuditRoutes(app, { database, clock });
    await registerCalendarRoutes(app, { calendar });
    await registerAdvisorRoutes(app, { advisor });
    const backups = createBackupScheduler({
      database,
      clock,
      timeZone: config.timeZone,
      passphrase: config.backupPassphrase,
      log: (message, error) => app.log.error({ err: error }, message),
    });
    await registerBackupRoutes(app, {
      database,
      clock,
      encrypted: config.backupPassphrase !== null,
      timeZone: config.timeZone,
    });
    await registerFileRoutes(app, {
      files,
      mayRead: (fileId, request) => records.reads.mayReadFile(fileId, requireAccess(request)),
    });
    await registerDivisionRoutes(app, { divisions });
    const imports = createImportService({
      database,
      clock,
      config,
      access,
      records,
      queue: jobs,
      addOptions: async (object, field, options, actorId) =>
        (await metadata.updateField(object, field, { config: { options } }, actorId, false)).field,
    });
    await registerImportRoutes(app, { imports, maxBytes: config.importLimits.maxBytes });
    await registerEventRoutes(app, { relay: events });
    await registerJobRoutes(app, { jobs });
    await registerOpenApiRoutes(app, {
      routes,
      metadata,
      fieldAccess: (access, object, field) => restrictModel(objectModel(object), access).fieldAccess(field),
    });
    await (await import("./http/web-app.routes.ts")).registerWebAppRoutes(app);
    // Every hook is registered: fix their order now, so a bad placement fails the start, not a write.
    const writeHooks = records.pipeline.resolveOrder();
    await app.ready();
    log = (message, error) => app.log.error({ err: error }, message);
    options.register?.({ events, jobs, timers });
    // Everything is registered: start the background work (registering after this point throws).
    await jobs.start();
    timers.start();
    await events.start();
    await imports.start();
    backups.start();
    // Embedded: delivered events leave here, not an hour later (ADR 0036).
    const maintenance = createEmbeddedMaintenance(database, logBackground, [() => events.prune()]);
    // Rounds are the business of whoever opened the data directory; apps on a shared test database run them
    // with `runOnce()`, so a round never lands among the statements a test counts.
    if (ownsDatabase) maintenance.start();
    await backfills.resume();
    if (advisorRounds) advisor.start();

    const queue = jobs;
    return {
      app,
      database,
      clock,
      firstAdmin,
      recovered,
      routes,
      backups,
      backfills,
      access,
      records,
      writeHooks,
      events,
      jobs: queue,
      timers,
      bundles,
      metadata,
      calendar,
      notifications,
      mail,
      automation,
      advisor,
      maintenance,
      async close() {
        await advisor.stop();
        await maintenance.stop();
        await backups.stop();
        await backfills.stop();
        // Requests first (they may queue jobs), then what runs in the background, the queue last.
        await app.close();
        await imports.stop();
        await events.stop();
        await timers.stop();
        await queue.stop();
        mail.close();
        await automation.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => {});
    if (ownsDatabase) await database.close();
    throw error;
  }
}
