import { type Clock, systemClock } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { ServerConfig } from "./config.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { migrate } from "./db/migrate.ts";
import { requireAccess } from "./http/access.ts";
import { createHttpApp } from "./http/app.ts";
import { registerHealthRoutes } from "./http/health.routes.ts";
import { registerOpenApiRoutes } from "./http/openapi.routes.ts";
import type { RouteRegistry } from "./http/route-registry.ts";
import {
  createAccessModule,
  registerDepartmentRoutes,
  registerRoleRoutes,
  registerSharingRoutes,
  restrictModel,
} from "./modules/access/index.ts";
import { registerAuditRoutes } from "./modules/audit/index.ts";
import {
  createAuthService,
  ensureFirstAdmin,
  type FirstAdmin,
  registerAuthRoutes,
} from "./modules/auth/index.ts";
import { type BackupScheduler, createBackupScheduler, registerBackupRoutes } from "./modules/backup/index.ts";
import { createDivisionLookup, registerDivisionRoutes } from "./modules/divisions/index.ts";
import { registerExportRoutes } from "./modules/export/index.ts";
import { createFileStorage, registerFileRoutes } from "./modules/files/index.ts";
import { registerStoredFormulaHooks, storedFormulasGuard } from "./modules/formula-sql/index.ts";
import { createImportService, registerImportRoutes } from "./modules/import/index.ts";
import { createLayoutsService, registerLayoutRoutes } from "./modules/layouts/index.ts";
import { createMetadataService, objectModel, registerMetadataRoutes } from "./modules/metadata/index.ts";
import {
  compileFilter,
  createRecordsService,
  registerNestedRoutes,
  registerRecordRoutes,
} from "./modules/records/index.ts";
import { createValidationService, registerValidationRoutes } from "./modules/validation/index.ts";
import { createViewsService, registerViewsRoutes } from "./modules/views/index.ts";

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
  close(): Promise<void>;
}

export interface KeduoOptions {
  config: ServerConfig;
  clock?: Clock;
  /** An open database (tests share one); otherwise it is opened from the config and closed with the server. */
  database?: Database;
  logger?: boolean;
}

/** The composition root: opens the database, migrates, wires modules and routes. */
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
  try {
    const { recovered } = await migrate(database, () => clock.now());
    const auth = createAuthService({ database, clock, config });
    const firstAdmin = await ensureFirstAdmin({ database, clock, config });
    const divisions = createDivisionLookup();
    const files = createFileStorage({ database, clock });
    const metadata = createMetadataService({ database, clock, config, divisions });
    const accessModule = createAccessModule({
      database,
      metadata,
      clock,
      timeZone: config.timeZone,
      compileCriteria: compileFilter,
    });
    const access = accessModule.service;
    const records = createRecordsService({ database, clock, config, metadata, access, files });
    // Stored formulas (ADR 0010): columns follow metadata changes, values follow every record write.
    metadata.guards.register("formula.stored", storedFormulasGuard(database.schemas));
    registerStoredFormulaHooks(records.pipeline, database.schemas);
    const validation = createValidationService({ database, clock, config, metadata, records });
    const views = createViewsService({ database, clock, config, metadata });
    const layouts = createLayoutsService({ database, clock, metadata });

    const { app, routes } = await createHttpApp({
      config,
      logger: options.logger,
      resolvePrincipal: (credentials) => auth.resolvePrincipal(credentials),
      resolveAccess: (principal, options) => access.contextFor(principal, database.db, options),
    });
    await registerHealthRoutes(app, { database });
    await registerAuthRoutes(app, { auth, config });
    await registerMetadataRoutes(app, {
      metadata,
      fieldAccess: (request, object, field) =>
        restrictModel(objectModel(object), requireAccess(request)).fieldAccess(field),
    });
    await registerRecordRoutes(app, { records });
    await registerNestedRoutes(app, { records, database, metadata });
    await registerSharingRoutes(app, accessModule);
    await registerValidationRoutes(app, { validation });
    await registerViewsRoutes(app, { views });
    await registerExportRoutes(app, { records, views, database, divisions, clock, config });
    await registerLayoutRoutes(app, { layouts });
    await registerRoleRoutes(app, accessModule);
    await registerDepartmentRoutes(app, accessModule);
    await registerAuditRoutes(app, { database, clock });
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
    const imports = createImportService({ database, clock, config, access, records });
    await registerImportRoutes(app, { imports, maxBytes: config.importLimits.maxBytes });
    await registerOpenApiRoutes(app, { routes, metadata });
    await (await import("./http/web-app.routes.ts")).registerWebAppRoutes(app);
    await app.ready();
    backups.start();

    return {
      app,
      database,
      clock,
      firstAdmin,
      recovered,
      routes,
      backups,
      async close() {
        await backups.stop();
        await app.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
}
