import { type Clock, systemClock } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { ServerConfig } from "./config.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { migrate } from "./db/migrate.ts";
import { createHttpApp } from "./http/app.ts";
import { registerHealthRoutes } from "./http/health.routes.ts";
import { registerOpenApiRoutes } from "./http/openapi.routes.ts";
import type { RouteRegistry } from "./http/route-registry.ts";
import { registerDepartmentRoutes } from "./modules/access/departments.routes.ts";
import { type AccessService, createAccessService, requireAccess } from "./modules/access/index.ts";
import { registerRoleRoutes } from "./modules/access/roles.routes.ts";
import { registerAuditRoutes } from "./modules/audit/audit.routes.ts";
import { registerSessionRoutes } from "./modules/auth/auth.routes.ts";
import { createAuthService, ensureFirstAdmin, type FirstAdmin } from "./modules/auth/index.ts";
import { registerUserRoutes } from "./modules/auth/users.routes.ts";
import { registerBackupRoutes } from "./modules/backup/backup.routes.ts";
import { type BackupScheduler, createBackupScheduler } from "./modules/backup/index.ts";
import { registerDivisionRoutes } from "./modules/divisions/divisions.routes.ts";
import { createDivisionLookup } from "./modules/divisions/index.ts";
import { registerExportRoutes } from "./modules/export/export.routes.ts";
import { registerFileRoutes } from "./modules/files/files.routes.ts";
import { createFileStorage } from "./modules/files/index.ts";
import { registerStoredFormulaHooks, storedFormulasGuard } from "./modules/formula-sql/index.ts";
import { registerImportRoutes } from "./modules/import/import.routes.ts";
import { createImportService } from "./modules/import/index.ts";
import { createLayoutsService } from "./modules/layouts/index.ts";
import { registerLayoutRoutes } from "./modules/layouts/layouts.routes.ts";
import { createMetadataService } from "./modules/metadata/index.ts";
import { registerMetadataRoutes } from "./modules/metadata/metadata.routes.ts";
import {
  createRecordsService,
  objectModel,
  type RecordsService,
  restrictModel,
} from "./modules/records/index.ts";
import { registerNestedRoutes } from "./modules/records/nested.routes.ts";
import { registerRecordRoutes } from "./modules/records/records.routes.ts";
import { registerSharingRoutes } from "./modules/records/sharing.routes.ts";
import { registerFormulaRoutes } from "./modules/validation/formula.routes.ts";
import { createValidationService } from "./modules/validation/index.ts";
import { registerValidationRuleRoutes } from "./modules/validation/validation-rules.routes.ts";
import { createViewsService } from "./modules/views/index.ts";
import { registerViewRoutes } from "./modules/views/views.routes.ts";

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
  /** The services as engines call them, without HTTP: what a rule enforced only in a route would miss. */
  access: AccessService;
  records: RecordsService;
  /** The record write hooks in the order they run, stage by stage, as their placements declare. */
  writeHooks: ReadonlyArray<{ stage: string; name: string }>;
  close(): Promise<void>;
}

export interface KeduoOptions {
  config: ServerConfig;
  clock?: Clock;
  /** An open database (tests share one); otherwise it is opened from the config and closed with the server. */
  database?: Database;
  logger?: boolean;
}

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
  try {
    const { recovered } = await migrate(database, () => clock.now());
    const auth = createAuthService({ database, clock, config });
    const firstAdmin = await ensureFirstAdmin({ database, clock, config });
    const divisions = createDivisionLookup();
    const files = createFileStorage({ database, clock });
    const metadata = createMetadataService({ database, clock, config, divisions });
    const access = createAccessService({ metadata });
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
    await registerSessionRoutes(app, { auth, config });
    await registerUserRoutes(app, { auth });
    await registerMetadataRoutes(app, {
      metadata,
      fieldAccess: (request, object, field) =>
        restrictModel(objectModel(object), requireAccess(request)).fieldAccess(field),
    });
    await registerRecordRoutes(app, { records });
    await registerNestedRoutes(app, { records, database, metadata });
    await registerSharingRoutes(app, { database, clock, config, metadata });
    await registerFormulaRoutes(app);
    await registerValidationRuleRoutes(app, { validation });
    await registerViewRoutes(app, { views });
    await registerExportRoutes(app, { records, views, database, divisions, clock, config });
    await registerLayoutRoutes(app, { layouts });
    await registerRoleRoutes(app, { metadata, clock, database });
    await registerDepartmentRoutes(app, { metadata, clock, database });
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
    // Every hook is registered: fix their order now, so a bad placement fails the start, not a write.
    const writeHooks = records.pipeline.resolveOrder();
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
      access,
      records,
      writeHooks,
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
