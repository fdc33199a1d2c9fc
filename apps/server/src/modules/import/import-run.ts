import type { ColumnMapping, DuplicatePolicy, ImportStatus } from "@keduo/core";
import type { UnitTally } from "./amount-units.ts";
import type { FileFacts } from "./table-source.ts";

// An import run's data shapes: what its store reads and writes, and the service, runner and API pass around.
// The wizard's column choices are core's (shared with the web app).
export type { ColumnMapping, DuplicatePolicy, ImportStatus, ValueChoice } from "@keduo/core";

/** What the user chose in the wizard: sheet, header row, mapping and duplicate handling. */
export interface ImportSettings {
  sheet: string;
  headerRow: number;
  mapping: ColumnMapping[];
  duplicates: DuplicatePolicy;
  matchFields: string[];
  /** Import rows whose only problems are warnings (a phone number of no known form) as written. */
  acceptWarnings: boolean;
  /** The header text of each mapped column, read when the phase started (the problem report names them). */
  headers?: Record<string, string>;
}

export interface Counts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** Rows with warnings (imported when accepted, else counted as failed too). */
  warned?: number;
  /** Per number column (letter): plain numbers and numbers with their own unit, for unit warnings. */
  units?: Record<string, UnitTally>;
}

export const ZERO_COUNTS: Counts = { created: 0, updated: 0, skipped: 0, failed: 0 };

export interface ImportRun {
  id: string;
  object: string;
  file_name: string;
  format: FileFacts["format"];
  size: number;
  facts: FileFacts;
  settings: ImportSettings | null;
  status: ImportStatus;
  rows_total: number;
  rows_done: number;
  checkpoint_row: number;
  counts: Counts;
  dry_counts: Counts | null;
  failure: { code: string; message: string } | null;
  lease_owner: string | null;
  locale: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}
