import type { JobQueue } from "../jobs/index.ts";
import type { EventRelay } from "./event-relay.ts";

export { type EventHandler, EventRelay, type RelaySettings, type SubscribeOptions } from "./event-relay.ts";
export {
  type Causation,
  type DomainEvent,
  EVENT_SOURCES,
  type EventOrigin,
  type EventSource,
  type FieldChange,
  type NewRecordEvent,
  type RecordEventPayload,
  type RecordEventType,
} from "./event-types.ts";
export { insertEventsBatch } from "./outbox-writer.ts";
export type { ConsumerState } from "./relay-store.ts";

/** What other modules see of the events module: they subscribe consumers before the server starts. */
export type EventsService = Pick<EventRelay, "subscribe">;

export const EVENTS_RETENTION_QUEUE = "keduo-events-retention";

/** Prunes delivered events every hour, as a job: one instance at a time, retried like any job. */
export function scheduleEventRetention(jobs: JobQueue, relay: EventRelay, timeZone: string): void {
  jobs.register(EVENTS_RETENTION_QUEUE, async () => {
    await relay.prune();
  });
  jobs.schedule(EVENTS_RETENTION_QUEUE, "17 * * * *", timeZone);
}
