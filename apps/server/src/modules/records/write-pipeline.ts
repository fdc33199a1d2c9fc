import type { FieldIssue, MetadataSnapshot } from "@keduo/core";
import type { OperationNode } from "kysely";
import type { Trx } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import type { Causation, EventSource } from "../events/index.ts";
import type { StoredValueChange } from "../formula-sql/index.ts";
import type { ObjectModel } from "../metadata/index.ts";
import { type HookPlacement, resolveHookOrder } from "./hook-order.ts";
import type { InFlightStatements } from "./in-flight.ts";
import type { DecodedInput, Row } from "./record-codec.ts";

/** `claim`: the caller takes an unowned record as their own (ADR 0024). */
export type WriteOperation = "create" | "update" | "delete" | "restore" | "transfer" | "claim";

/** Where a write came from, for the audit log and the write's events. */
export interface WriteOrigin {
  ip: string | null;
  via: "session" | "token" | "system";
  /** Who or what wrote, for event consumers; by default derived from `via` (session → user, token → api_token). */
  source?: EventSource;
  /** What caused the write (an event an engine handled, a run); absent for a person's own write. */
  causation?: Causation;
  /** Why an engine wrote, in words, for the audit log (ADR 0024); absent for a person's own write. */
  reason?: string;
  /** Records that describe the past (WriteReason.history): automations do not react to them. */
  history?: boolean;
}

/** One record in a write: what the client sent (decoded) and, for updates, the stored row it changes. */
export interface PendingRecord {
  id: string;
  /** `records.3.` in a bulk call, "" for a single record: prefix for field error paths. */
  path: string;
  input: DecodedInput;
  /**
   * A create's owner when the input names one (`owner_id`): a user id, or null for an unowned record.
   * Absent: the writer owns it. Naming someone else needs the transfer right (ADR 0024).
   */
  ownerId?: string | null;
  before: Row | null;
  /** Many-to-many target ids before an update that replaces them, by field api name. */
  manyToManyBefore?: Map<string, string[]>;
  /** The stored row after the write (set before verify and afterWrite run). */
  after?: Row;
}

export interface WriteContext {
  trx: Trx;
  snapshot: MetadataSnapshot;
  model: ObjectModel;
  operation: WriteOperation;
  /** For a delete: to the recycle bin, or removing the rows for good (which needs more rights). */
  deletion?: "recycle_bin" | "permanent";
  /** The caller's rights, rebuilt against this transaction's metadata version. */
  access: AccessContext;
  origin: WriteOrigin;
  actorId: string | null;
  now: Date;
  /** Org-time-zone calendar date "YYYY-MM-DD". */
  today: string;
  records: PendingRecord[];
  /** Hooks add field problems here; the write stops with all of them after the stage. */
  issues: FieldIssue[];
  /**
   * INSERTs without results that afterWrite hooks queue (events, audit rows): the service sends them together
   * as one statement at the end of the stage, in the same transaction — one round trip instead of one each.
   * A named one (`cte`) becomes a CTE of that name, which later ones may read (its RETURNING rows).
   */
  deferred: Array<Compilable | NamedDeferred>;
  /**
   * Stored formula values the write changed on other records (a parent's rollup, a lookup of the written
   * record), found when they are recomputed (verify): each such record gets a `record.updated` event too.
   */
  derived: StoredValueChange[];
  /** Statements sent without waiting for their answer; the write waits for them before it ends. */
  inFlight: InFlightStatements;
}

/** A deferred query whose RETURNING rows later deferred queries of the same write read by `name`. */
export interface NamedDeferred {
  cte: string;
  query: Compilable;
}

/** A query that is sent later as part of one combined statement. */
export interface Compilable {
  toOperationNode(): OperationNode;
}

/**
 * The ordered stages every record write passes through, in one transaction. Within a stage, hooks run in the
 * order their placements declare (`hook-order.ts`). Features register hooks at startup
 * instead of editing the records service: access checks (authorize), input checks (validate), stage gates and
 * approval locks (beforeWrite), checks of the rows as written — validation rules, which read related records
 * in SQL (verify) — and history and events (afterWrite). Problems reported in verify roll the write back.
 */
export const WRITE_STAGES = ["authorize", "validate", "beforeWrite", "verify", "afterWrite"] as const;
export type WriteStage = (typeof WRITE_STAGES)[number];

export type WriteHook = (ctx: WriteContext) => Promise<void> | void;

export interface RegisteredHook {
  stage: WriteStage;
  name: string;
  hook: WriteHook;
  placement: HookPlacement;
}

export class WritePipeline {
  private readonly hooks: RegisteredHook[] = [];
  private resolved: Map<WriteStage, RegisteredHook[]> | null = null;

  /**
   * Adds a hook to a stage. Its place among the stage's other hooks is declared (`after`/`before` by name)
   * where it matters; the order of `register` calls never does (see `resolveOrder`).
   */
  register(stage: WriteStage, name: string, hook: WriteHook, placement: HookPlacement = {}): void {
    if (this.resolved)
      throw new Error(`write hook ${name} is registered after the pipeline's order was resolved`);
    if (this.hooks.some((h) => h.name === name)) throw new Error(`write hook ${name} is registered twice`);
    this.hooks.push({ stage, name, hook, placement });
  }

  /**
   * Every hook in the order it runs, stage by stage. The first call fixes the order (the composition root
   * makes it at startup, so a placement naming an unknown hook or a cycle fails there, not on the first write);
   * registering afterwards is an error.
   */
  resolveOrder(): ReadonlyArray<Pick<RegisteredHook, "stage" | "name">> {
    return [...this.byStage().values()].flat().map(({ stage, name }) => ({ stage, name }));
  }

  async run(stage: WriteStage, ctx: WriteContext): Promise<void> {
    for (const registered of this.byStage().get(stage) ?? []) await registered.hook(ctx);
  }

  private byStage(): Map<WriteStage, RegisteredHook[]> {
    if (this.resolved) return this.resolved;
    const resolved = new Map<WriteStage, RegisteredHook[]>();
    for (const stage of WRITE_STAGES) {
      const hooks = this.hooks.filter((h) => h.stage === stage);
      const byName = new Map(hooks.map((h) => [h.name, h]));
      resolved.set(
        stage,
        resolveHookOrder(stage, hooks).map((name) => byName.get(name)!),
      );
    }
    this.resolved = resolved;
    return resolved;
  }
}
