import { randomUUID } from "node:crypto";
import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import { pruneEvents } from "./event-prune.ts";
import type { DomainEvent } from "./event-types.ts";
import {
  acknowledge,
  acknowledgeAndRead,
  acquireLease,
  type Lease,
  listConsumers,
  nextLimit,
  numberEvents,
  parkEvent,
  type RelayDb,
  readEvents,
  readRelayStatus,
  recordFailure,
  registerConsumers,
  relayDb,
  releaseLease,
  renewLease,
} from "./relay-store.ts";

export type EventHandler = (events: readonly DomainEvent[]) => Promise<void>;

export interface SubscribeOptions {
  /** Most events per handler call (default 100). */
  batch?: number;
  /** Calls of one event that may fail before it is parked for this consumer (default 5). */
  maxAttempts?: number;
  /** First retry delay; it doubles with every failure, up to 5 minutes (default 1 s). */
  retryDelayMs?: number;
}

interface Subscription {
  name: string;
  handler: EventHandler;
  batch: number;
  maxAttempts: number;
  retryDelayMs: number;
}

export interface RelaySettings {
  /** How long an instance may deliver to a consumer without renewing; a dead instance's turn ends then. */
  leaseMs: number;
  /** Idle wait between ticks (a tick that found work is followed by the next at once). */
  pollMs: number;
  /**
   * Delivered events older than this (business clock) are pruned; 0 on the embedded engine, where every
   * consumer runs in this one process: as soon as they all passed them (ADR 0036).
   */
  retentionMs: number;
}

/** What a relay round found, which sets when the next one runs. */
type Round = "more" | "caught-up" | "idle";

const CONSUMER_NAME = /^[a-z][a-z0-9_.-]{0,62}$/;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Events read per round trip while a consumer catches up; its handler still gets at most `batch` per call. */
const PAGE = 1_000;
/** Pages one consumer gets per tick before the others get their turn. */
const PAGES_PER_TURN = 5;
/** While a page is handled, progress is acknowledged at least this often: a crash redelivers little. */
const ACK_INTERVAL_MS = 1_000;
/**
 * The pause after a round that delivered everything there was. Under a steady stream of single writes, a
 * round at once after each would take one event at a time, four statements per event competing with the
 * writes themselves (the records bench's single create: ~1.4 ms slower with a consumer than without); after
 * this pause a round takes the few events committed meanwhile, for at most this much more latency.
 */
const CAUGHT_UP_PAUSE_MS = 20;

/**
 * Delivers every committed event to every subscribed consumer (ADR 0017): at least once, in commit order per
 * record, each consumer at its own position. A tick numbers newly committed events, then lets each consumer
 * with undelivered events take its lease and work through them. Handlers run outside any transaction: they may
 * write through the records service like any caller.
 */
export class EventRelay {
  private readonly store: RelayDb;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly owner = randomUUID();
  private started = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  private readonly deps: {
    database: Database;
    clock: Clock;
    settings: RelaySettings;
    log: (message: string, error?: unknown) => void;
  };

  constructor(deps: EventRelay["deps"]) {
    this.deps = deps;
    this.store = relayDb(deps.database);
  }

  /** Registers a consumer; only before start — a consumer added later would silently never run. */
  subscribe(name: string, handler: EventHandler, options: SubscribeOptions = {}): void {
    if (this.started)
      throw new Error(`events.subscribe("${name}") after start: subscribe before the server starts`);
    if (!CONSUMER_NAME.test(name))
      throw new Error(`event consumer name "${name}" must match ${CONSUMER_NAME}`);
    if (this.subscriptions.has(name)) throw new Error(`event consumer "${name}" is subscribed twice`);
    this.subscriptions.set(name, {
      name,
      handler,
      batch: Math.max(1, options.batch ?? 100),
      maxAttempts: Math.max(1, options.maxAttempts ?? 5),
      retryDelayMs: Math.max(0, options.retryDelayMs ?? 1000),
    });
  }

  consumers(): string[] {
    return [...this.subscriptions.keys()];
  }

  /** Creates the consumers' rows (new ones start at the current end) and starts ticking if any exist. */
  async start(): Promise<void> {
    this.started = true;
    if (this.subscriptions.size === 0) return;
    await registerConsumers(this.store, this.consumers(), this.deps.clock.now());
    this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error): Round => {
          this.deps.log("event relay tick failed", error);
          return "idle";
        })
        .then((round) => {
          this.running = null;
          const { pollMs } = this.deps.settings;
          this.schedule(
            round === "more" ? 0 : round === "caught-up" ? Math.min(pollMs, CAUGHT_UP_PAUSE_MS) : pollMs,
          );
        });
    }, ms);
    this.timer.unref();
  }

  /**
   * One round: number new events, deliver what is due. Resolves "more" when work is left that the next round
   * should take at once, "caught-up" when it did work and left none, "idle" when there was none.
   */
  async tick(): Promise<Round> {
    const names = this.consumers();
    if (names.length === 0) return "idle";
    const status = await readRelayStatus(this.store, names);
    let numbered = 0;
    let lastSeq = status.lastSeq;
    if (status.unnumbered) {
      numbered = await numberEvents(this.store);
      lastSeq += numbered;
    }
    const now = new Date();
    const due = [...this.subscriptions.values()].filter((s) => {
      const state = status.consumers.get(s.name);
      // A consumer whose row is missing (deleted by hand) is re-created by the next start.
      return state && state.position < lastSeq && (!state.retryAt || state.retryAt <= now);
    });
    const delivered = await Promise.all(due.map((s) => this.deliver(s)));
    if (delivered.includes("more")) return "more";
    return numbered > 0 || delivered.includes("caught-up") ? "caught-up" : "idle";
  }

  /**
   * Works through a consumer's undelivered events while it holds the lease. Resolves "more" when it stopped
   * with full pages left (its turns were used up), "caught-up" when it delivered to the end, else "idle".
   */
  private async deliver(subscription: Subscription): Promise<Round> {
    const consumer = { name: subscription.name, owner: this.owner };
    const page = Math.max(subscription.batch, PAGE);
    let taken = await acquireLease(this.store, { ...consumer, leaseMs: this.deps.settings.leaseMs, page });
    let progressed = false;
    for (let turn = 1; taken !== null && taken.events.length > 0; turn++) {
      const { lease, events } = taken;
      const full = events.length >= nextLimit(lease, page);
      const handled = await this.handlePage(subscription, lease, events);
      progressed ||= handled.delivered;
      // A failed slice waits for its retry time, not for the next round.
      if (handled.outcome === "released") return progressed ? "caught-up" : "idle";
      const seq = events[events.length - 1]!.seq;
      if (!full || turn >= PAGES_PER_TURN || this.stopping) {
        // Caught up (a short page) or out of turns: the acknowledgement gives the lease up too.
        if (lease.position < seq) await acknowledge(this.store, consumer, { seq, release: true });
        else await releaseLease(this.store, consumer.name, this.owner);
        if (this.stopping) return "idle";
        return full ? "more" : "caught-up";
      }
      taken =
        lease.position < seq
          ? await acknowledgeAndRead(this.store, consumer, seq, page)
          : { lease, events: await readEvents(this.store, lease.position, nextLimit(lease, page)) };
    }
    if (taken !== null) await releaseLease(this.store, consumer.name, this.owner);
    return progressed ? "caught-up" : "idle";
  }

  /**
   * Hands a page to the handler in slices of its batch size. Progress is acknowledged when a slice fails (so the
   * retry starts at the failing slice) and at least every ACK_INTERVAL_MS; the caller acknowledges the rest.
   */
  private async handlePage(
    subscription: Subscription,
    lease: Lease,
    events: DomainEvent[],
  ): Promise<{ outcome: "handled" | "released"; delivered: boolean }> {
    const consumer = { name: subscription.name, owner: this.owner };
    let delivered = false;
    let handledSeq = lease.position;
    let acknowledgedAt = Date.now();
    const acknowledgeHandled = async () => {
      if (handledSeq <= lease.position) return true;
      if (!(await acknowledge(this.store, consumer, { seq: handledSeq, release: false }))) return false;
      lease.position = handledSeq;
      lease.attempts = 0;
      acknowledgedAt = Date.now();
      return true;
    };
    for (let start = 0; start < events.length; start += subscription.batch) {
      const slice = events.slice(start, start + subscription.batch);
      const failure = await this.call(subscription, slice);
      if (failure === null) {
        delivered = true;
        handledSeq = slice[slice.length - 1]!.seq;
        const more = start + subscription.batch < events.length;
        if (more && Date.now() - acknowledgedAt >= ACK_INTERVAL_MS && !(await acknowledgeHandled()))
          return { outcome: "released", delivered };
        continue;
      }
      if (!(await acknowledgeHandled())) return { outcome: "released", delivered };
      if ((await this.failed(subscription, lease, slice, failure)) === "released")
        return { outcome: "released", delivered };
      handledSeq = lease.position;
    }
    return { outcome: "handled", delivered };
  }

  /** Calls the handler once, renewing the lease while it runs. Resolves the failure, or null on success. */
  private async call(subscription: Subscription, events: DomainEvent[]): Promise<unknown> {
    const { name } = subscription;
    const renew = setInterval(
      () => void renewLease(this.store, name, this.owner, this.deps.settings.leaseMs).catch(() => {}),
      Math.max(100, this.deps.settings.leaseMs / 3),
    );
    try {
      await subscription.handler(events);
      return null;
    } catch (error) {
      return error ?? new Error("handler failed");
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * A failed slice (its handled predecessors already acknowledged): a single event that has failed
   * `maxAttempts` times is parked and the position moves past it ("parked"); otherwise the retry is recorded
   * and the lease given up ("released").
   */
  private async failed(
    subscription: Subscription,
    lease: Lease,
    events: DomainEvent[],
    failure: unknown,
  ): Promise<"parked" | "released"> {
    const { name } = subscription;
    const final = events[events.length - 1]!;
    const attempts = lease.attempts + 1;
    const error = describe(failure);
    this.deps.log(`event consumer ${name} failed on events ${events[0]!.seq}..${final.seq}`, failure);
    if (events.length === 1 && attempts >= subscription.maxAttempts) {
      const parked = await parkEvent(this.store, name, this.owner, {
        event: final,
        error,
        attempts,
        now: this.deps.clock.now(),
      });
      if (!parked) return "released";
      lease.position = final.seq;
      lease.attempts = 0;
      return "parked";
    }
    const delay = Math.min(MAX_BACKOFF_MS, subscription.retryDelayMs * 2 ** (attempts - 1));
    await recordFailure(this.store, name, this.owner, {
      attempts,
      isolateUntil: Math.max(final.seq, lease.isolateUntil ?? 0),
      retryAt: new Date(Date.now() + delay),
      error,
    });
    return "released";
  }

  /** Every consumer's delivery state and parked events (the admin API). */
  describeConsumers() {
    return listConsumers(this.store, new Date());
  }

  /** Deletes delivered events older than the retention (the hourly job, and embedded maintenance rounds). */
  prune(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.settings.retentionMs);
    return pruneEvents(this.store, cutoff, this.consumers());
  }

  /** Stops ticking and waits for the delivery in progress (its lease is released; nothing is lost). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
