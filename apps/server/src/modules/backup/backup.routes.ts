import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { Readable } from "node:stream";
import { type Clock, KeduoError } from "@keduo/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database } from "../../db/database.ts";
import { appendAudit } from "../audit/index.ts";
import { writeArchive } from "./backup-archive.ts";
import { backupFileName } from "./backup-file.ts";
import { listBackupFiles } from "./backup-list.ts";
import { type BackupSchedule, readRunState, readSchedule, writeSchedule } from "./backup-settings.ts";
import { backupOf } from "./backup-source.ts";
import "./backup.errors.ts";

const tags = ["backup"];

/**
 * A backup holds every record and every password hash, so beyond `manage_users` the caller must also see all
 * data: a user administrator who may not read all records gets no backup.
 */
const MAY_BACK_UP = ["manage_users", "view_all_data"] as const;

function actor(request: FastifyRequest) {
  if (!request.principal) throw new KeduoError("UNAUTHENTICATED");
  return { actorId: request.principal.userId, ip: request.ip, via: request.principal.via };
}

const scheduleSchema = {
  type: "object",
  additionalProperties: false,
  required: ["enabled", "time", "directory", "retention"],
  properties: {
    enabled: { type: "boolean" },
    time: { type: "string", pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" },
    directory: { type: "string", maxLength: 1000 },
    retention: { type: "integer", minimum: 1, maximum: 365 },
  },
} as const;

async function assertWritableDirectory(directory: string): Promise<void> {
  // The whole (translated) detail is the message for the directory input; no generic field issue.
  const refuse = (code: string) => new KeduoError(code, { params: { directory } });
  if (!isAbsolute(directory)) throw refuse("BACKUP_DIRECTORY_NOT_ABSOLUTE");
  try {
    if (!(await stat(directory)).isDirectory()) throw refuse("BACKUP_DIRECTORY_MISSING");
    await access(directory, constants.W_OK);
  } catch (error) {
    if (error instanceof KeduoError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(
      code === "ENOENT" || code === "ENOTDIR" ? "BACKUP_DIRECTORY_MISSING" : "BACKUP_DIRECTORY_NOT_WRITABLE",
    );
  }
}

export async function registerBackupRoutes(
  app: FastifyInstance,
  deps: { database: Database; clock: Clock; encrypted: boolean; timeZone?: string },
) {
  app.post(
    "/api/admin/backup",
    {
      config: {
        access: MAY_BACK_UP,
        summary:
          "Stream a backup of the whole installation (a consistent snapshot; `keduo restore` reads it)",
        tags,
      },
    },
    async (request, reply) => {
      const now = deps.clock.now();
      let source: Awaited<ReturnType<typeof backupOf>>;
      try {
        source = await backupOf(deps.database, now);
      } catch (error) {
        throw new KeduoError("BACKUP_FAILED", { params: { reason: (error as Error).message } });
      }
      await appendAudit(
        deps.database.db,
        [
          {
            action: "backup.download",
            ...actor(request),
            details: { engine: source.manifest.engine, migration: source.manifest.migration },
          },
        ],
        now,
      );
      const archive = Readable.from(writeArchive(source.manifest, source.payload), { objectMode: false });
      archive.on("error", (error) => request.log.error({ err: error }, "backup failed while streaming"));
      return reply
        .header("content-type", "application/octet-stream")
        .header("content-disposition", `attachment; filename="${backupFileName(now)}"`)
        .header("cache-control", "no-store")
        .send(archive);
    },
  );

  const describe = async () => ({
    ...(await readSchedule(deps.database.db)),
    /** Scheduled backups are encrypted when the server has KEDUO_BACKUP_PASSPHRASE. */
    encrypted: deps.encrypted,
    last_run: await readRunState(deps.database.db),
  });

  app.get(
    "/api/admin/backup-settings",
    { config: { access: MAY_BACK_UP, summary: "The backup schedule and its last run", tags } },
    async () => describe(),
  );

  app.get(
    "/api/admin/backups",
    {
      config: {
        access: MAY_BACK_UP,
        summary: "The scheduled backup files in the configured directory, newest first",
        tags,
      },
    },
    async () => {
      const { directory } = await readSchedule(deps.database.db);
      // The organisation time zone: the schedule's time and these files' times are shown in it.
      return { ...(await listBackupFiles(directory)), time_zone: deps.timeZone ?? "Asia/Shanghai" };
    },
  );

  app.put<{ Body: BackupSchedule }>(
    "/api/admin/backup-settings",
    {
      config: { access: MAY_BACK_UP, summary: "Set the daily backup schedule", tags },
      schema: { body: scheduleSchema },
    },
    async (request) => {
      const schedule = request.body;
      if (schedule.enabled || schedule.directory) await assertWritableDirectory(schedule.directory);
      await writeSchedule(deps.database.db, schedule);
      await appendAudit(
        deps.database.db,
        [
          {
            action: "backup.schedule",
            ...actor(request),
            details: { ...schedule },
          },
        ],
        deps.clock.now(),
      );
      return describe();
    },
  );
}
