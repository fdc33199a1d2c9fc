import type { AmountUnit, ColumnMapping, DuplicatePolicy, ImportStatus, Translatable } from "@keduo/core";
import { useQuery } from "@tanstack/react-query";
import { http, request } from "./http-client.ts";

// The import API (apps/server/src/modules/import/README.md): upload → inspect → dry run → run → undo.

export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

export type { ColumnMapping, DuplicatePolicy, ImportStatus, ValueChoice } from "@keduo/core";
export { AMOUNT_UNITS, type AmountUnit } from "@keduo/core";

export interface ImportSettingsBody {
  sheet: string;
  header_row: number;
  mapping: ColumnMapping[];
  duplicates: DuplicatePolicy;
  match_fields: string[];
  accept_warnings?: boolean;
}

/** A number column whose cells disagree about their unit, flagged by the dry run. */
export interface ColumnWarning {
  column: string;
  header: string | null;
  code: string;
  count: number;
  message: string;
}

export interface PhaseWarnings {
  rows: number;
  columns: ColumnWarning[];
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
  warnings: { dry_run: PhaseWarnings | null; run: PhaseWarnings };
  failure: { code: string; message: string } | null;
  created_at: string;
  finished_at: string | null;
  /** A completed import can be undone until then (the server's KEDUO_IMPORT_UNDO_DAYS after it finished). */
  undo_until: string | null;
}

export interface ImportInspection {
  sheet: string;
  header_row: number;
  headers: Array<{ index: number; letter: string; name: string }>;
  suggestions: Array<{
    column: string;
    header: string;
    field: string | null;
    source: string | null;
    unit?: AmountUnit;
    unit_text?: string;
  }>;
  samples: Array<{ row: number; cells: string[] }>;
  /** Importable fields, then `<money field>__currency` (type `currency_code`) for each money field. */
  fields: Array<{ api_name: string; type: string; labels: Partial<Translatable>; required: boolean }>;
}

export interface ImportIssue {
  row: number;
  column: string | null;
  header: string | null;
  value: string | null;
  code: string;
  level: "error" | "warning";
  message: string;
}

/** Problems of one column and reason, with how many there are (GET /api/imports/:id/problems). */
export interface ProblemGroup {
  column: string | null;
  header: string | null;
  field: string | null;
  code: string;
  level: "error" | "warning";
  count: number;
  rows: number;
  values: Array<string | null>;
  message: string;
}

export interface ColumnValues {
  column: string;
  field: string;
  type: string;
  rows: number;
  empty: number;
  capped: boolean;
  other_rows: number;
  values: Array<{
    value: string;
    count: number;
    match: { to: string; by: string } | null;
    ambiguous?: number;
  }>;
  options?: Array<{ value: string; labels: Partial<Translatable> }>;
  can_add_options?: boolean;
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

/** One page of a phase's problems (server paging: every problem can be reached, not only the first 500). */
export function useImportIssues(
  id: string,
  phase: ReportPhase,
  language: string,
  page: { offset: number; limit: number },
  enabled: boolean,
) {
  return useQuery({
    // The reasons come in the request's language: another language is another answer.
    queryKey: [...importKey(id), "errors", phase, language, page.offset, page.limit],
    queryFn: ({ signal }) =>
      http.get<{ errors: ImportIssue[]; total: number }>(
        `/api/imports/${id}/errors`,
        { phase, limit: page.limit, offset: page.offset },
        signal,
      ),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: (previous) => previous,
  });
}

/** A phase's problems grouped by column and reason, with counts. */
export function useProblemGroups(id: string, phase: ReportPhase, language: string, enabled: boolean) {
  return useQuery({
    queryKey: [...importKey(id), "problems", phase, language],
    queryFn: ({ signal }) =>
      http
        .get<{ groups: ProblemGroup[] }>(`/api/imports/${id}/problems`, { phase }, signal)
        .then((r) => r.groups),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The distinct values of a column and what each matches (the value mapping step). */
export function useColumnValues(
  id: string,
  query: { sheet: string; header_row: number; column: string; field: string; lookup?: string },
) {
  return useQuery({
    queryKey: [...importKey(id), "values", query],
    queryFn: ({ signal }) => http.get<ColumnValues>(`/api/imports/${id}/values`, query, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const addImportOptions = (id: string, field: string, labels: string[]) =>
  http.post<{ added: Array<{ label: string; value: string }>; options: ColumnValues["options"] }>(
    `/api/imports/${id}/options`,
    { field, labels },
  );

/** The type of the mapping target that takes a money field's currency code (`<api_name>__currency`). */
export const CURRENCY_CODE = "currency_code";
