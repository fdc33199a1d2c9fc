import { KeduoError } from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import { type AccessService, systemAccessContext } from "../access/index.ts";
import type { Causation, EventSource } from "../events/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { Row } from "./record-codec.ts";
import type { Actor, RecordWrites, UpdateInput } from "./record-writes.ts";
import type { WriteOrigin } from "./write-pipeline.ts";

/** Why an engine writes: what its events name as their source, what caused it, and a line for the audit log. */
export interface WriteReason {
  source: Exclude<EventSource, "user" | "api_token">;
  /** The event or run that caused the write; its depth lets consumers stop loops. */
  causation?: Causation;
  /** Shown in the audit log, e.g. "automation 'Assign new leads' (run 0190…)". */
  description: string;
  /**
   * The records describe the past (the demo company, old data brought over): engines that react to new
   * business, such as automations, leave these writes alone.
   */
  history?: boolean;
}

/**
 * Who an engine writes as (ADR 0024). The system has every right and no user: its rows have no author and
 * its audit rows no actor. A user has exactly that user's rights, checked like their own requests: an
 * approval applying what its requester asked, an automation that runs as its owner. Either way the write
 * passes the whole pipeline — access, validation, history, events — and says why.
 */
export type WriteActor =
  | { kind: "system"; reason: WriteReason }
  | { kind: "user"; userId: string; reason: WriteReason };

interface ActingDeps {
  database: Database;
  metadata: MetadataService;
  access: AccessService;
  writes: RecordWrites;
}

type Target = { id: string; version?: number };

/** The record writes as one actor; each call is one transaction (or joins the caller's, see `within`). */
export class ActingWrites {
  private readonly deps: ActingDeps;
  private readonly actor: WriteActor;
  private readonly outer: Trx | null;

  constructor(deps: ActingDeps, actor: WriteActor, outer: Trx | null = null) {
    this.deps = deps;
    this.actor = actor;
    this.outer = outer;
  }

  /** The same writes inside the caller's transaction: they commit or roll back with it. */
  within(trx: Trx): ActingWrites {
    return new ActingWrites(this.deps, this.actor, trx);
  }

  create(objectName: string, inputs: unknown[]): Promise<Row[]> {
    return this.run((writes, actor) => writes.create(objectName, inputs, actor, bulk(inputs)));
  }

  update(objectName: string, inputs: UpdateInput[]): Promise<Row[]> {
    return this.run((writes, actor) => writes.update(objectName, inputs, actor, bulk(inputs)));
  }

  transfer(objectName: string, ids: string[], ownerId: string | null): Promise<Row[]> {
    return this.run((writes, actor) => writes.transfer(objectName, ids, ownerId, actor));
  }

  claim(objectName: string, id: string): Promise<Row> {
    return this.run((writes, actor) => writes.claim(objectName, id, actor));
  }

  remove(objectName: string, targets: Target[]): Promise<void> {
    return this.run((writes, actor) => writes.remove(objectName, targets, actor));
  }

  removePermanently(objectName: string, targets: Target[]): Promise<void> {
    return this.run((writes, actor) => writes.removePermanently(objectName, targets, actor));
  }

  restore(objectName: string, id: string): Promise<Row> {
    return this.run((writes, actor) => writes.restore(objectName, id, actor));
  }

  /** Resolves the actor's rights in the write's own transaction, then writes through it. */
  private run<T>(work: (writes: RecordWrites, actor: Actor) => Promise<T>): Promise<T> {
    const body = async (trx: Trx) => work(this.deps.writes.within(trx), await this.resolve(trx));
    return this.outer ? body(this.outer) : this.deps.database.db.transaction().execute(body);
  }

  private async resolve(trx: Trx): Promise<Actor> {
    const { reason } = this.actor;
    const origin: WriteOrigin = {
      ip: null,
      via: "system",
      source: reason.source,
      reason: reason.description,
      ...(reason.causation ? { causation: reason.causation } : {}),
      ...(reason.history ? { history: true } : {}),
    };
    const snapshot = await this.deps.metadata.forWrite(trx);
    if (this.actor.kind === "system") return { access: systemAccessContext(snapshot), origin };
    const { userId } = this.actor;
    const access = await this.deps.access.contextForUserInTransaction(userId, trx, snapshot);
    if (!access) throw new KeduoError("ACTING_USER_INACTIVE", { params: { user: userId } });
    return { access, origin };
  }
}

const bulk = (inputs: unknown[]) => ({ bulk: inputs.length > 1 });
