/** What happened to a record. */
export type RecordEventType = "record.created" | "record.updated" | "record.deleted" | "record.restored";

/** Who or what made a write: engines use it to avoid loops and to exempt their own writes. */
export const EVENT_SOURCES = [
  "user",
  "api_token",
  "import",
  "undo",
  "automation",
  "approval",
  "system",
] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/**
 * What caused a write: the event an engine was handling, or the run (automation run, approval, import) it
 * belongs to, and how many causes deep it is. A user's own write has depth 0; an automation reacting to it
 * writes with depth 1, and so on, so an engine can stop a loop at a depth limit.
 */
export interface Causation {
  eventId?: number;
  runId?: string;
  depth: number;
}

/** One field's change; many-to-many fields also list the ids added and removed. */
export interface FieldChange {
  from: unknown;
  to: unknown;
  added?: string[];
  removed?: string[];
}

export interface RecordEventPayload {
  /** The record's version after the write (before it, for a permanent delete). */
  version: number;
  /** A create's filled values, in API form. */
  record?: Record<string, unknown>;
  /** An update's or transfer's changed fields, in API form. */
  changes?: Record<string, FieldChange>;
  /** A delete that removed the row (not a move to the recycle bin). */
  permanent?: boolean;
}

/** An event as a write appends it to the outbox, in the write's transaction. */
export interface NewRecordEvent {
  type: RecordEventType;
  object: string;
  recordId: string;
  actorId: string | null;
  payload: RecordEventPayload;
}

/** Where a write's events come from; shared by every event of one write. */
export interface EventOrigin {
  source: EventSource;
  causation: Causation | null;
}

/** An event as a consumer receives it: committed, numbered in delivery order. */
export interface DomainEvent extends NewRecordEvent, EventOrigin {
  /** The outbox row's id: what a caused write names as its `causation.eventId`. */
  id: number;
  /** Delivery order; per record it is commit order. */
  seq: number;
  occurredAt: Date;
}
