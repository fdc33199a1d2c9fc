import type { FastifyInstance } from "fastify";
import type { EventRelay } from "./event-relay.ts";

/** Delivery state of every event consumer, with the events each one parked and why. */
export async function registerEventRoutes(app: FastifyInstance, deps: { relay: EventRelay }) {
  app.get(
    "/api/admin/events/consumers",
    {
      config: {
        access: "manage_metadata",
        summary: "Event consumers: position, lag, retry state and parked events",
        tags: ["events"],
      },
    },
    async () => ({ consumers: await deps.relay.describeConsumers() }),
  );
}
