import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { AccessService } from "../access/index.ts";
import type { FileStorage } from "../files/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import { ActingWrites, type WriteActor } from "./acting-writes.ts";
import { registerBuiltinHooks } from "./builtin-hooks.ts";
import { ReadObservers } from "./read-observers.ts";
import { RecordAggregates } from "./record-aggregates.ts";
import { RecordReads } from "./record-reads.ts";
import { RecordWrites } from "./record-writes.ts";
import { WritePipeline } from "./write-pipeline.ts";

export interface RecordsDeps {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  metadata: MetadataService;
  access: AccessService;
  files: FileStorage;
}

/**
 * The only code that touches object tables. Reads and writes are separate collaborators; the write pipeline
 * is public so later modules (access, formulas, approvals) register their hooks at startup.
 */
export class RecordsService {
  readonly pipeline = new WritePipeline();
  /** Told the shape and time of every list and aggregate read (the index advisor listens, ADR 0034). */
  readonly readObservers = new ReadObservers();
  readonly reads: RecordReads;
  readonly aggregates: RecordAggregates;
  readonly writes: RecordWrites;

  private readonly deps: RecordsDeps;

  constructor(deps: RecordsDeps) {
    this.deps = deps;
    registerBuiltinHooks(this.pipeline, {
      schemas: deps.database.schemas,
      files: deps.files,
      timeZone: deps.config.timeZone,
    });
    this.reads = new RecordReads({ ...deps, observers: this.readObservers });
    this.aggregates = new RecordAggregates({ ...deps, observers: this.readObservers });
    this.writes = new RecordWrites({ ...deps, pipeline: this.pipeline });
  }

  /**
   * Writes as the system or on behalf of a user, with a reason (ADR 0024): how engines write.
   * @example records.as({ kind: "system", reason: { source: "automation", description: "…" } }).create("lead", [{ name: "x" }])
   */
  as(actor: WriteActor): ActingWrites {
    return new ActingWrites({ ...this.deps, writes: this.writes }, actor);
  }
}
