import type { MetadataSnapshot, OverviewTimeline, TimelineEntry, TimelineSource } from "@keduo/core";
import type { AccessContext } from "../access/index.ts";
import { recentStageEntries } from "../pipelines/index.ts";
import { type OverviewDeps, orAbsent, readableFields, relatedFilter } from "./overview-reads.ts";
import { compareEntries, cursorMode, isAfter, printCursor, type TimelineCursor } from "./timeline-cursor.ts";

export interface TimelinePage {
  /** Where the previous page ended (its `next_cursor`); null for the newest entries. */
  before: TimelineCursor | null;
  limit: number;
}

type Source<K extends TimelineSource["kind"]> = Extract<TimelineSource, { kind: K }>;
type Read = (source: TimelineSource) => Promise<TimelineEntry[]>;

/** Audit actions that change a record's fields (its creation is the record itself). */
const CHANGES = new Set(["record.update", "record.transfer", "record.claim"]);

const iso = (value: unknown) =>
  value instanceof Date
    ? value.toISOString()
    : typeof value === "string" && value.length === 10
      ? `${value}T00:00:00.000Z`
      : String(value);

/**
 * A record's timeline: each source's newest `limit` entries before the cursor (one or two statements each,
 * whatever the number of related records), merged newest first. Sources the reader may not read add nothing.
 */
export async function computeTimeline(
  deps: OverviewDeps,
  access: AccessContext,
  record: { object: string; id: string },
  sources: readonly TimelineSource[],
  page: TimelinePage,
): Promise<OverviewTimeline> {
  const read: Read = (source) => {
    switch (source.kind) {
      case "records":
        return relatedRecords(deps, access, record.id, source, page);
      case "stage_changes":
        return stageChanges(deps, access, record, source, page);
      case "field_history":
        return fieldChanges(deps, access, record, page);
    }
  };
  // Sources read a little around the cursor; the one order decides what is on this page.
  const entries = (await Promise.all(sources.map(read)))
    .flat()
    .filter((entry) => isAfter(page.before, entry));
  entries.sort(compareEntries);
  const shown = entries.slice(0, page.limit);
  const last = shown.at(-1);
  return { entries: shown, next_cursor: entries.length > page.limit && last ? printCursor(last) : null };
}

async function relatedRecords(
  deps: OverviewDeps,
  access: AccessContext,
  id: string,
  source: Source<"records">,
  page: TimelinePage,
): Promise<TimelineEntry[]> {
  const fields = readableFields(access, access.snapshot, source.object);
  if (!fields?.has(source.via) || !fields.has(source.at) || !fields.has(source.title)) return [];
  const type = source.type && fields.has(source.type) ? source.type : null;
  const date = fields.get(source.at)?.type === "date";
  const instant = (at: string) => (date ? at.slice(0, 10) : at);
  const list = (condition: unknown, limit: number) =>
    orAbsent(() =>
      deps.reads.list(
        source.object,
        {
          filter: relatedFilter(source.via, id, condition, { [source.at]: { is_not_empty: true } }),
          fields: [source.at, source.title, ...(type ? [type] : [])],
          sort: `-${source.at}`,
          limit,
        },
        access,
      ),
    );
  const cursor = page.before;
  const mode = cursor ? cursorMode(cursor, "record") : null;
  const pages = await Promise.all(
    !cursor
      ? [list(undefined, page.limit + 1)]
      : [
          list({ [source.at]: { [mode === "lte" ? "lte" : "lt"]: instant(cursor.at) } }, page.limit + 1),
          // At the cursor's instant itself, the records after the cursor's key (a handful: one instant).
          ...(mode === "tie" ? [list({ [source.at]: { eq: instant(cursor.at) } }, 1000)] : []),
        ],
  );
  const rows = pages.flatMap((p) => p?.records ?? []);
  return rows.map((row) => ({
    at: iso(row[source.at]),
    kind: "record",
    object: source.object,
    record_id: String(row.id),
    title: (row[source.title] as string | null) ?? null,
    detail: type ? { type: row[type] ?? null } : {},
    actor_id: (row.created_by as string | null | undefined) ?? null,
  }));
}

/** Stage entries of the record itself, or of its related records the reader may read. */
async function stageChanges(
  deps: OverviewDeps,
  access: AccessContext,
  record: { object: string; id: string },
  source: Source<"stage_changes">,
  page: TimelinePage,
): Promise<TimelineEntry[]> {
  let object = record.object;
  let titles = new Map<string, string | null>([[record.id, null]]);
  if (source.object && source.via) {
    object = source.object;
    const related = await relatedTitles(deps, access, access.snapshot, record.id, source.object, source.via);
    if (!related) return [];
    titles = related;
  }
  const cursor = page.before;
  const entries = await recentStageEntries(deps.database.db, deps.database.schemas, {
    object,
    recordIds: [...titles.keys()],
    before: cursor
      ? {
          at: new Date(cursor.at),
          mode: cursorMode(cursor, "stage"),
          ...(cursor.key ? { recordId: cursor.key } : {}),
        }
      : null,
    limit: page.limit + 1,
  });
  return entries.map((entry) => ({
    at: entry.entered_at.toISOString(),
    kind: "stage",
    object,
    record_id: entry.record_id,
    title: titles.get(entry.record_id) ?? null,
    detail: { pipeline: entry.pipeline, stage: entry.stage },
    actor_id: entry.entered_by,
  }));
}

/** Related records' ids and titles (their display field), newest 200: whose stage changes a timeline shows. */
async function relatedTitles(
  deps: OverviewDeps,
  access: AccessContext,
  snapshot: MetadataSnapshot,
  id: string,
  object: string,
  via: string,
): Promise<Map<string, string | null> | null> {
  const fields = readableFields(access, snapshot, object);
  if (!fields?.has(via)) return null;
  const title = titleField(snapshot, object, fields);
  const list = await orAbsent(() =>
    deps.reads.list(
      object,
      { filter: relatedFilter(via, id), fields: title ? [title] : [], sort: "-updated_at", limit: 200 },
      access,
    ),
  );
  if (!list) return null;
  return new Map(
    list.records.map((row) => [String(row.id), title ? ((row[title] as string) ?? null) : null]),
  );
}

async function fieldChanges(
  deps: OverviewDeps,
  access: AccessContext,
  record: { object: string; id: string },
  page: TimelinePage,
): Promise<TimelineEntry[]> {
  const cursor = page.before;
  const mode = cursor ? cursorMode(cursor, "change") : null;
  // Audit entries are numbered in write order: at the cursor's instant, the ones below its entry id.
  const older =
    !cursor || !mode
      ? {}
      : mode === "tie"
        ? { before: Number(cursor.key) }
        : { to: new Date(Date.parse(cursor.at) + (mode === "lte" ? 1 : 0)) };
  const history = await deps.reads.history(record.object, record.id, access, {
    limit: page.limit + 1,
    ...older,
  });
  return history.entries
    .filter((entry) => CHANGES.has(entry.action) && Object.keys(entry.changes).length > 0)
    .map((entry) => ({
      at: iso(entry.at),
      kind: "change",
      object: record.object,
      record_id: record.id,
      title: null,
      detail: { changes: entry.changes, entry_id: entry.id },
      actor_id: entry.actor_id,
    }));
}

/** What names a record: its object's display field, else its first text field (as the web app shows it). */
function titleField(snapshot: MetadataSnapshot, object: string, readable: ReadonlyMap<string, unknown>) {
  const definition = snapshot.objects.get(object);
  const display = definition?.displayField;
  if (display && readable.has(display)) return display;
  return definition?.fields.find((f) => f.type === "text" && readable.has(f.apiName))?.apiName ?? null;
}
