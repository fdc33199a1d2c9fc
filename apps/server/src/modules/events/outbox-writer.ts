import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import type { EventOrigin, NewRecordEvent } from "./event-types.ts";

/**
 * The INSERT of a write's events, in the write's own transaction (they exist exactly when the change
 * committed), as one JSON document read by `json_to_recordset`: one bind parameter whatever the number of
 * events, built natively (a `jsonb[]` array parameter made the driver escape every payload's quotes in
 * JavaScript: ~20 ms of a 1,000-record bulk write). Payloads are stored as `json` text, never converted to
 * `jsonb` (migration 029). The relay numbers events after commit (`event_order`, migration 030).
 */
export function insertEventsBatch(
  schemas: Schemas,
  events: NewRecordEvent[],
  write: { now: Date; origin: EventOrigin; returning?: boolean },
) {
  const { now, origin } = write;
  const [first] = events;
  // A write's own events share their type, object and actor (derived events of other records do not): then
  // those travel once, as parameters, instead of in every one of a bulk write's thousand document entries.
  const alike =
    first !== undefined &&
    events.every((e) => e.type === first.type && e.object === first.object && e.actorId === first.actorId);
  const document = JSON.stringify(
    alike
      ? events.map((e) => ({ r: e.recordId, p: e.payload }))
      : events.map((e) => ({ t: e.type, o: e.object, r: e.recordId, a: e.actorId, p: e.payload })),
  );
  const [type, object, actor] = alike
    ? [sql`${first.type}::text`, sql`${first.object}::text`, sql`${first.actorId}::uuid`]
    : [sql`e.t`, sql`e.o`, sql`e.a`];
  return sql`INSERT INTO ${sql.id(schemas.system, "outbox")}
      (event_type, object, record_id, actor_id, payload, created_at, source, cause_event_id, cause_run_id, depth)
    SELECT ${type}, ${object}, e.r, ${actor}, e.p, ${now}::timestamptz, ${origin.source}::text,
      ${origin.causation?.eventId ?? null}::bigint, ${origin.causation?.runId ?? null}::text,
      ${origin.causation?.depth ?? 0}::int
    FROM json_to_recordset(${document}::json) AS e (t text, o text, r uuid, a uuid, p json)
    ${write.returning ? sql`RETURNING record_id, object, actor_id` : sql``}`;
}
