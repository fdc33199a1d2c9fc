import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { http, request } from "./http-client.ts";

/** The daily schedule (settings `backup.schedule`); `time` is "HH:MM" in the organisation time zone. */
export interface BackupSchedule {
  enabled: boolean;
  time: string;
  directory: string;
  retention: number;
}

export interface BackupSettings extends BackupSchedule {
  /** Whether the server has KEDUO_BACKUP_PASSPHRASE (scheduled backups are then encrypted). */
  encrypted: boolean;
  last_run: { date: string; finished_at: string | null; file: string | null; error: string | null } | null;
}

export interface BackupFiles {
  directory: string;
  readable: boolean;
  time_zone: string;
  files: { name: string; size: number; modified_at: string }[];
}

const settingsKey = ["admin", "backup-settings"] as const;
const filesKey = ["admin", "backups"] as const;

export function useBackupSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => http.get<BackupSettings>("/api/admin/backup-settings", undefined, signal),
  });
}

export function useBackupFiles() {
  return useQuery({
    queryKey: filesKey,
    queryFn: ({ signal }) => http.get<BackupFiles>("/api/admin/backups", undefined, signal),
  });
}

/** PUT /api/admin/backup-settings; the answer is the new settings, and the file list follows the directory. */
export function useSaveBackupSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (schedule: BackupSchedule) =>
      request<BackupSettings>("PUT", "/api/admin/backup-settings", { body: schedule }),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings);
      return queryClient.invalidateQueries({ queryKey: filesKey });
    },
  });
}
