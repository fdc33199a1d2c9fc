import {
  type Clock,
  type MetadataSnapshot,
  OVERVIEW_LIMITS,
  type OverviewDefinition,
  type RecordOverview,
} from "@keduo/core";
import { objectDocuments } from "../../db/object-documents.ts";
import type { AccessContext } from "../access/index.ts";
import {
  findObjectOrThrow,
  type MetadataChange,
  type MetadataService,
  throwIfIssues,
} from "../metadata/index.ts";
import { checkOverview } from "./overview-check.ts";
import { computeKpis } from "./overview-kpis.ts";
import type { OverviewDeps } from "./overview-reads.ts";
import { computeSections } from "./overview-sections.ts";
import { computeTimeline, type TimelinePage } from "./overview-timeline.ts";
import { parseCursor } from "./timeline-cursor.ts";

/** A timeline page as a client asks for it: the previous page's `next_cursor` and a size. */
export interface TimelineRequest {
  before?: string;
  limit?: number;
}

const EMPTY: OverviewDefinition = { kpis: [], sections: [], timeline: [] };

/**
 * Record overviews (ADR 0027): one definition per object, versioned with the metadata; the overview of a
 * record is computed as its reader — the record itself (404 unless readable), then every KPI, section and
 * timeline source concurrently, each a fixed number of statements whatever the number of related records.
 */
export class OverviewService {
  private cache: { version: number; byObject: Map<string, OverviewDefinition> } | null = null;
  private readonly deps: OverviewDeps & { clock: Clock; metadata: MetadataService };
  readonly documents;

  constructor(deps: OverviewService["deps"]) {
    this.deps = deps;
    this.documents = objectDocuments<OverviewDefinition>(deps.database.schemas, "record_overviews");
  }

  async definition(object: string): Promise<OverviewDefinition> {
    const snapshot = await this.deps.metadata.current();
    findObjectOrThrow(snapshot, object);
    return (await this.definitions(snapshot)).get(object) ?? EMPTY;
  }

  save(object: string, input: OverviewDefinition, actorId: string | null): Promise<OverviewDefinition> {
    return this.deps.metadata.changeVersioned(`define the overview of ${object}`, actorId, (change) =>
      this.inChange(change, object, input),
    );
  }

  async inChange(
    change: MetadataChange,
    object: string,
    input: OverviewDefinition,
  ): Promise<OverviewDefinition> {
    findObjectOrThrow(change.snapshot, object);
    const definition: OverviewDefinition = {
      kpis: input.kpis ?? [],
      sections: input.sections ?? [],
      timeline: input.timeline ?? [],
    };
    throwIfIssues(checkOverview(change.snapshot, object, definition));
    await this.documents.save(change.trx, object, definition, this.deps.clock.now());
    return definition;
  }

  async remove(change: MetadataChange, object: string): Promise<void> {
    await this.documents.remove(change.trx, object);
  }

  /** The overview of one record, as `access` may see it. */
  async overview(
    object: string,
    id: string,
    access: AccessContext,
    page: TimelineRequest = {},
  ): Promise<RecordOverview> {
    const record = await this.deps.reads.get(object, id, access);
    const definition = (await this.definitions(access.snapshot)).get(object) ?? EMPTY;
    const values = record as Record<string, unknown>;
    const [kpis, sections, timeline] = await Promise.all([
      computeKpis(this.deps, access, definition.kpis, { id, values }),
      computeSections(this.deps, access, definition.sections, id),
      computeTimeline(this.deps, access, { object, id }, definition.timeline, this.timelinePage(page)),
    ]);
    return { record: values, kpis, sections, timeline };
  }

  /** A further page of a record's timeline. */
  async timeline(object: string, id: string, access: AccessContext, page: TimelineRequest) {
    await this.deps.reads.get(object, id, access, { fields: [] });
    const definition = (await this.definitions(access.snapshot)).get(object) ?? EMPTY;
    return computeTimeline(this.deps, access, { object, id }, definition.timeline, this.timelinePage(page));
  }

  private timelinePage(page: TimelineRequest): TimelinePage {
    const limit = Math.min(Math.max(page.limit ?? 20, 1), OVERVIEW_LIMITS.timelineRows);
    return { before: parseCursor(page.before), limit };
  }

  /** Every object's definition as of a metadata version, cached per version. */
  private async definitions(snapshot: Pick<MetadataSnapshot, "version">) {
    if (this.cache?.version === snapshot.version) return this.cache.byObject;
    const byObject = await this.documents.load(this.deps.database.db);
    if (!this.cache || snapshot.version >= this.cache.version)
      this.cache = { version: snapshot.version, byObject };
    return byObject;
  }
}
