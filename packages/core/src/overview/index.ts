import type { AggregateMeasure } from "../aggregate/aggregate-query.ts";
import type { Translatable } from "../i18n/locale.ts";

/*
 * A record overview ("Customer 360", ADR 0027): what one page shows about a record — KPIs, related lists and a
 * timeline — as metadata per object, so any object can have one and an admin changes it without code.
 * Every part names related records by the relation field on *their* object that points at this record (`via`).
 */

/** A list of related records: the first page and how many there are. */
export interface OverviewSection {
  key: string;
  labels: Translatable;
  object: string;
  /** The relation field on `object` whose value is this record's id. */
  via: string;
  /** Columns shown (fields the reader may not see are left out for them). */
  fields: string[];
  /** The list's sort (`-close_date`); default newest first. */
  sort?: string;
  /** A filter in the list filter language, ANDed with the relation. */
  filter?: unknown;
  /** Records in the first page (default 5, at most 50). */
  limit?: number;
}

/** One number on the page: an aggregate over related records (money per currency), or a field of the record. */
export type OverviewKpi =
  | {
      key: string;
      labels: Translatable;
      source: "related";
      object: string;
      via: string;
      fn: AggregateMeasure;
      /** Every function but `count` names a field. */
      field?: string;
      filter?: unknown;
    }
  | { key: string; labels: Translatable; source: "record"; field: string };

/** What feeds the timeline, newest first. */
export type TimelineSource =
  | {
      kind: "records";
      object: string;
      via: string;
      /** The date or datetime the entry is placed at. */
      at: string;
      /** The entry's title. */
      title: string;
      /** A select shown as the entry's kind (call, visit …), optional. */
      type?: string;
    }
  /** Stage changes of the record itself (`via` absent) or of related records. */
  | { kind: "stage_changes"; object?: string; via?: string }
  /** Field changes of the record itself. */
  | { kind: "field_history" };

export interface OverviewDefinition {
  kpis: OverviewKpi[];
  sections: OverviewSection[];
  timeline: TimelineSource[];
}

export interface OverviewKpiValue {
  key: string;
  labels: Translatable;
  /** A number, a decimal string, money by currency (`{"CNY": "1200.00"}`), a date, or null when there is none. */
  value: number | string | Record<string, string> | null;
  kind: "count" | "number" | "decimal" | "money" | "date" | "datetime" | "value";
}

export interface OverviewSectionValue {
  key: string;
  labels: Translatable;
  object: string;
  via: string;
  records: Array<Record<string, unknown>>;
  total: number;
  /** True when `total` is the planner's estimate (above the server's exact-count limit, ADR 0035). */
  total_estimated?: boolean;
}

export interface TimelineEntry {
  /** ISO time the entry is placed at. */
  at: string;
  kind: "record" | "stage" | "change";
  object: string;
  record_id: string;
  title: string | null;
  /** A record entry's type option; a stage entry's pipeline and stage; a change's changed fields. */
  detail: Record<string, unknown>;
  actor_id: string | null;
}

export interface OverviewTimeline {
  entries: TimelineEntry[];
  /** Pass as `before` for the next page; null at the end. */
  next_cursor: string | null;
}

/** `GET /api/records/{object}/{id}/360`: parts the reader may not read are absent, never an error. */
export interface RecordOverview {
  record: Record<string, unknown>;
  kpis: OverviewKpiValue[];
  sections: OverviewSectionValue[];
  timeline: OverviewTimeline;
}

export const OVERVIEW_LIMITS = {
  kpis: 12,
  sections: 12,
  timeline: 8,
  sectionRows: 50,
  timelineRows: 100,
} as const;
