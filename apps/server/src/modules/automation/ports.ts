import type { AssignmentDecision, MetadataSnapshot, Translatable } from "@keduo/core";
import type { Db, Trx } from "../../db/database.ts";
import type { ActingWrites } from "../records/index.ts";

/*
 * What the automation engine needs of the modules that deliver and count days. The composition root passes the
 * notifications, mail and working-calendar services in; the engine depends on these shapes only.
 */

export interface NotificationPort {
  notify(
    trx: Trx,
    input: {
      recipients: string[];
      title: Translatable;
      body: Translatable;
      link?: { object: string; recordId: string };
      source?: { kind: string } & Record<string, string | number | boolean | null>;
      dedupeKey?: string;
    },
  ): Promise<number>;
}

export interface MailMessage {
  to: Array<{ email: string; name?: string }>;
  subject: string;
  text: string;
  /** Stable per occurrence: every retry of the same message carries the same Message-ID. */
  messageKey: string;
}

export interface MailPort {
  /** False when no SMTP server is configured: the action logs "email not configured". */
  readonly configured: boolean;
  enqueue(trx: Trx, message: MailMessage): Promise<unknown>;
}

/** Assignment rules (modules/assignment), run inside the action's transaction. */
export interface AssignmentPort {
  assignWithin(
    ctx: { trx: Trx; snapshot: MetadataSnapshot; now: Date; today: string; writes: ActingWrites },
    object: string,
    ids: string[],
  ): Promise<AssignmentDecision[]>;
}

/** Business days on the working calendar (dates as "YYYY-MM-DD"). */
export interface BusinessDays {
  addBusinessDays(date: string, n: number): string;
  datesShiftedTo(target: string, n: number): string[];
}

export interface CalendarPort {
  /** Reads through the caller's transaction: on the embedded engine's one connection, another would wait forever. */
  load(executor: Db | Trx): Promise<BusinessDays>;
}
