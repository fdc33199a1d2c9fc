import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import "./notifications.errors.ts";
import { NotificationsService } from "./notifications.service.ts";

export type {
  LocalizedText,
  Notification,
  NotificationPage,
  NotificationSource,
  NotifyInput,
} from "./notification-types.ts";
export { NotificationsService } from "./notifications.service.ts";

/** In-app notifications (ADR 0030): the channel the automation engine's "notify" action and reminders use. */
export function createNotificationsService(deps: { database: Database; clock: Clock }): NotificationsService {
  return new NotificationsService(deps);
}
