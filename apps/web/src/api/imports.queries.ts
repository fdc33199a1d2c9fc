import type { Translatable } from "@keduo/core";
import { useQuery } from "@tanstack/react-query";
import { http, request } from "./http-client.ts";

/** The import API (apps/server/src/modules/import/README.md): upload → inspect → dry run → run → undo. */
export type ImportStatus =
  | "uploaded"
  | "validating"
  | "validated"
  | "running"
  | "completed"
  | "failed"
  | "undoing"
  | "undone";

export type DuplicatePolicy = "skip" | "update" | "create";

export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

export interface ImportSettingsBody {
  sheet: string;
  header_row: number;
  mapping: Array<{ column: string; field: string; lookup?: string }>;
  duplicates: DuplicatePolicy;
  match_fields: string[];
}

export interface ImportRunView {
  id: string;
  object: string;
  file_name: string;
  format: "xlsx" | "csv";
  size: number;
  sheets: Array<{ name: string; rows: number }>;
  status: ImportStatus;
  settings: ImportSettingsBody | null;
  progress: { rows_total: number; rows_done: number };
  counts: ImportCounts;
  dry_run: ImportCounts | null;
  failure: { code: string; message: string } | null;
  created_at: string;
  finished_at: string | null;
}

export interface ImportInspection {
  sheet: string;
  header_row: number;
  headers: Array<{ index: number; letter: string; name: string }>;
  suggestions: Array<{ column: string; header: string; field: string | null; source: string | null }>;
  samples: Array<{ row: number; cells: string[] }>;
  /** Importable fields, then `<money field>__currency` (type `currency_code`) for each money field. */
  fields: Array<{ api_name: string; type: string; labels: Partial<Translatable>; required: boolean }>;
}

export interface ImportIssue {
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export type ReportPhase = "dry_run" | "run";

/** Statuses a background job is still working in: the wizard polls while it sees one. */
export const BUSY: ReadonlySet<ImportStatus> = new Set(["validating", "running", "undoing"]);

export const importKey = (id: string) => ["imports", id] as const;

export const uploadImport = (object: string, file: File) =>
  request<ImportRunView>("POST", "/api/imports", {
    query: { object },
    body: file,
    headers: {
      "content-type": file.type || "application/octet-stream",
      "x-file-name": encodeURIComponent(file.name),
    },
  });

export const startDryRun = (id: string, settings: ImportSettingsBody) =>
  http.post<ImportRunView>(`/api/imports/${id}/dry-run`, settings);

export const startRun = (id: string, settings: ImportSettingsBody) =>
  http.post<ImportRunView>(`/api/imports/${id}/run`, settings);

export const startUndo = (id: string) => http.post<ImportRunView>(`/api/imports/${id}/undo`);

/** The import, polled every second while its job runs (the wizard's progress survives a reload). */
export function useImportRun(id: string | null) {
  return useQuery({
    queryKey: importKey(id ?? ""),
    queryFn: ({ signal }) => http.get<ImportRunView>(`/api/imports/${id}`, undefined, signal),
    enabled: Boolean(id),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && BUSY.has(query.state.data.status) ? 1000 : false),
  });
}

export function useImportInspection(id: string, sheet: string | undefined) {
  return useQuery({
    queryKey: [...importKey(id), "inspect", sheet ?? ""],
    queryFn: ({ signal }) => http.get<ImportInspection>(`/api/imports/${id}/inspect`, { sheet }, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The first rows of a phase's problem report (the .xlsx download has all of them). */
export function useImportIssues(id: string, phase: ReportPhase, language: string, enabled: boolean) {
  return useQuery({
    // The reasons come in the request's language: another language is another answer.
    queryKey: [...importKey(id), "errors", phase, language],
    queryFn: ({ signal }) =>
      http
        .get<{ errors: ImportIssue[] }>(`/api/imports/${id}/errors`, { phase, limit: 500 }, signal)
        .then((r) => r.errors),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The type of the mapping target that takes a money field's currency code (`<api_name>__currency`). */
export const CURRENCY_CODE = "currency_code";
