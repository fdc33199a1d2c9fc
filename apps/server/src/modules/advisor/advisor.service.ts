import { randomUUID } from "node:crypto";
import { type Clock, KeduoError } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { ObservedRead } from "../records/index.ts";
import {
  type AdvisorSettings,
  buildersOf,
  busiestShapes,
  type IndexRow,
  indexRow,
  indexRowByName,
  indexRows,
  insertProposal,
  mergeTallies,
  readSettings,
  shapesWithoutEstimate,
  slowShapes,
  storeEstimate,
  updateIndexRow,
  writeSettings,
} from "./advisor-rows.ts";
import { type CatalogueIndex, explain, indexesOf, tableStats } from "./catalogue.ts";
import { type IndexActor, IndexBuilder } from "./index-builder.ts";
import { candidateFor, indexNameOf, servedBy } from "./index-candidate.ts";
import { shapeKey, shapeOf } from "./read-shape.ts";
import { ShapeStats } from "./shape-stats.ts";

/** When a shape deserves an index and how the advisor paces itself; tests lower them. */
export interface AdvisorTuning {
  /** A read at least this slow counts as slow. */
  slowMs: number;
  /** Slow reads of one shape (all instances together) before it is proposed. */
  minSlowCalls: number;
  /** How often an instance flushes its statistic and (holding the advisor's lock) evaluates. */
  intervalMs: number;
  /** An index of the advisor's that no read used for this long is proposed for removal. */
  unusedAfterDays: number;
  /** On PGlite, a build waits for this long without reads. */
  quietMs: number;
  /** Shapes one instance keeps in memory. */
  maxShapes: number;
}

export const DEFAULT_TUNING: AdvisorTuning = {
  slowMs: 20,
  minSlowCalls: 50,
  intervalMs: 15_000,
  unusedAfterDays: 30,
  quietMs: 2_000,
  maxShapes: 500,
};

/** One lock per installation: one of its instances evaluates and builds at a time. */
const ADVISOR_LOCK_KEY = 7_242_031;
const DAY_MS = 86_400_000;

/**
 * The index advisor (ADR 0034): learns the shapes of list and aggregate reads as they run, proposes the index
 * a slow and frequent shape needs, builds it when allowed and within the caps, and proposes dropping its own
 * indexes that nothing reads.
 */
export class IndexAdvisor {
  readonly tuning: AdvisorTuning;
  private readonly stats: ShapeStats;
  private readonly builder: IndexBuilder;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly deps: { database: Database; clock: Clock };

  constructor(deps: { database: Database; clock: Clock }, tuning: Partial<AdvisorTuning> = {}) {
    this.deps = deps;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.stats = new ShapeStats({ maxShapes: this.tuning.maxShapes, slowMs: this.tuning.slowMs });
    this.builder = new IndexBuilder({ ...deps, stats: this.stats });
  }

  /** The records service's read observer: O(1), no I/O. */
  readonly observe = (read: ObservedRead): void => {
    const shape = shapeOf(read);
    this.stats.record(shapeKey(shape), shape, read.ms, read.statement, this.deps.clock.now());
  };

  start(): void {
    const tick = () => {
      this.timer = setTimeout(async () => {
        await this.runOnce().catch(() => {});
        if (this.timer) tick();
      }, this.tuning.intervalMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: flush this instance's statistic, then (if no other instance holds the lock) evaluate. */
  runOnce(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.flush();
        await this.withLock(() => this.evaluate());
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async flush() {
    const { database } = this.deps;
    const tallies = this.stats.drain();
    await mergeTallies(database.db, database.schemas, tallies);
    // The planner's view of each slow shape's slowest read, once: what the page shows as "before".
    const slow = tallies.filter((tally) => tally.slowCalls > 0);
    const missing = await shapesWithoutEstimate(
      database.db,
      database.schemas,
      slow.map((tally) => tally.key),
    );
    for (const tally of slow) {
      const sample = this.stats.sampleOf(tally.key);
      if (!missing.has(tally.key) || !sample) continue;
      const table = await tableStats(database, tally.shape.object);
      const estimate = await explain(database, sample, table.rows).catch(() => null);
      if (estimate) await storeEstimate(database.db, database.schemas, tally.key, estimate);
    }
  }

  private async withLock(work: () => Promise<void>) {
    const { database } = this.deps;
    if (database.engine !== "postgres") return work();
    // A session lock, taken and released on one client held for the round; the work uses other connections.
    const client = await database.pool.connect();
    try {
      // Keyed by the installation's schema too: installations sharing one PostgreSQL never wait for each other.
      const key = [ADVISOR_LOCK_KEY, database.schemas.system];
      const { rows: held } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
        key,
      );
      if (!held[0]?.locked) return;
      try {
        await work();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", key);
      }
    } finally {
      client.release();
    }
  }

  private async evaluate() {
    const { database, clock } = this.deps;
    const { db, schemas } = database;
    const settings = await readSettings(db, schemas);
    const catalogue = new Map<string, CatalogueIndex[]>();
    const indexesOfObject = async (object: string) => {
      if (!catalogue.has(object)) catalogue.set(object, await indexesOf(database, object));
      return catalogue.get(object)!;
    };
    for (const shape of await slowShapes(db, schemas, this.tuning)) {
      const definition = candidateFor(shape.shape);
      if (!definition) continue;
      const name = indexNameOf(definition);
      if (await indexRowByName(db, schemas, name)) continue;
      const existing = await indexesOfObject(shape.object);
      if (existing.length === 0 || existing.some((index) => servedBy(definition, index))) continue;
      await insertProposal(db, schemas, {
        id: randomUUID(),
        object: shape.object,
        index_name: name,
        definition,
        shape_key: shape.key,
        reason: {
          shape: shape.key,
          calls: shape.calls,
          slow_calls: shape.slow_calls,
          p95_ms: shape.recent_p95_ms,
          before: shape.estimate,
        },
        created_at: clock.now(),
      });
    }
    const rows = await indexRows(db, schemas, ["proposed", "built"]);
    // Built indexes that are gone: their field or object was dropped, or a restore did not recreate them.
    for (const row of rows.filter((r) => r.status === "built")) {
      const present = (await indexesOfObject(row.object)).some((index) => index.name === row.index_name);
      if (!present) await updateIndexRow(db, schemas, row.id, { status: "dropped", dropped_at: clock.now() });
    }
    if (!settings.auto_build) return;
    const quiet = database.engine === "postgres" || this.stats.quietFor(clock.now()) >= this.tuning.quietMs;
    if (!quiet) return;
    for (const row of rows.filter((r) => r.status === "proposed")) {
      if (await this.builder.withinCaps(row.object, settings))
        await this.builder.build(row, { kind: "advisor" });
    }
  }

  /** An admin builds a proposal now (also beyond the caps: they chose it). */
  async build(id: string, actor: IndexActor): Promise<IndexRow> {
    const row = await this.rowOrThrow(id);
    if (!["proposed", "failed", "dismissed"].includes(row.status))
      throw new KeduoError("INDEX_STATE_CONFLICT", { params: { index: row.index_name, status: row.status } });
    return this.builder.build(row, actor);
  }

  async drop(id: string, actor: IndexActor): Promise<void> {
    const row = await this.rowOrThrow(id);
    if (row.status !== "built")
      throw new KeduoError("INDEX_STATE_CONFLICT", { params: { index: row.index_name, status: row.status } });
    await this.builder.drop(row, actor);
  }

  /** A proposal the admin does not want: never proposed again. */
  async dismiss(id: string): Promise<void> {
    const row = await this.rowOrThrow(id);
    if (row.status !== "proposed" && row.status !== "failed")
      throw new KeduoError("INDEX_STATE_CONFLICT", { params: { index: row.index_name, status: row.status } });
    await updateIndexRow(this.deps.database.db, this.deps.database.schemas, id, { status: "dismissed" });
  }

  settings(): Promise<AdvisorSettings> {
    return readSettings(this.deps.database.db, this.deps.database.schemas);
  }

  async updateSettings(change: Partial<AdvisorSettings>): Promise<AdvisorSettings> {
    const { db, schemas } = this.deps.database;
    const settings = { ...(await readSettings(db, schemas)), ...change };
    await writeSettings(db, schemas, settings);
    return settings;
  }

  /** What the admin page shows: settings, proposals, the advisor's indexes with size and use, busiest shapes. */
  async overview() {
    const { database, clock } = this.deps;
    const { db, schemas } = database;
    const rows = await indexRows(db, schemas, ["proposed", "building", "built", "failed"]);
    const objects = [...new Set(rows.map((row) => row.object))];
    const catalogue = new Map(
      await Promise.all(objects.map(async (o) => [o, await indexesOf(database, o)] as const)),
    );
    const unusedBefore = clock.now().getTime() - this.tuning.unusedAfterDays * DAY_MS;
    const byHand = rows.filter((row) => row.status === "built" && !row.automatic);
    const builders = await buildersOf(db, schemas, byHand);
    const indexes = rows.map((row) => {
      const found = (catalogue.get(row.object) ?? []).find((index) => index.name === row.index_name);
      const unused =
        row.status === "built" &&
        found !== undefined &&
        found.scans === 0 &&
        (row.built_at?.getTime() ?? 0) <= unusedBefore;
      const builtBy =
        row.status === "built" && !row.automatic ? (builders.get(row.index_name) ?? null) : null;
      return { ...row, bytes: found?.bytes ?? null, scans: found?.scans ?? null, unused, built_by: builtBy };
    });
    return {
      settings: await readSettings(db, schemas),
      tuning: { slow_ms: this.tuning.slowMs, min_slow_calls: this.tuning.minSlowCalls },
      indexes,
      shapes: await busiestShapes(db, schemas, 20),
    };
  }

  private async rowOrThrow(id: string): Promise<IndexRow> {
    const row = await indexRow(this.deps.database.db, this.deps.database.schemas, id);
    if (!row) throw new KeduoError("INDEX_NOT_FOUND", { params: { id } });
    return row;
  }
}
