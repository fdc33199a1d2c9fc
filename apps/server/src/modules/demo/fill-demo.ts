import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { createAccounts } from "./accounts.ts";
import { createCatalog } from "./catalog.ts";
import { createContracts } from "./contracts.ts";
import { createDeals } from "./deals.ts";
import { createDemoWriter, DemoCalendar, type DemoContext, demoStreams } from "./demo-context.ts";
import { createLeads } from "./leads.ts";
import { createOrg, type DemoUser } from "./org.ts";
import { createQuotes } from "./quotes.ts";
import { loadDemoCities } from "./regions.ts";
import { createActivities, createTasks, createTickets } from "./service.ts";

/** The default size (accounts) and seed of `keduo demo`, and its one password. */
export const DEMO_DEFAULTS = { scale: 3_000, seed: 20_260_101, password: "keduo-demo-2026" } as const;

/** The objects the demo fills: an installation without them has not got the CRM template. */
export const DEMO_OBJECTS = [
  "account",
  "contact",
  "lead",
  "product",
  "price_book",
  "price_book_entry",
  "opportunity",
  "quote",
  "quote_line",
  "contract",
  "payment_plan",
  "payment",
  "ticket",
  "activity",
  "task",
] as const;

const MARKER = "demo.company";

export interface DemoTarget {
  database: Database;
  metadata: MetadataService;
  records: RecordsService;
  clock: Clock;
}

export interface DemoOptions {
  seed?: number;
  /** Accounts to create (the rest scales with it); 3,000 by default. */
  scale?: number;
  password?: string;
}

export type DemoOutcome =
  | {
      created: true;
      seed: number;
      scale: number;
      password: string;
      users: DemoUser[];
      /** Records created per object. */
      counts: Record<string, number>;
      ms: number;
    }
  | { created: false; reason: "exists" | "unfinished"; since: string | null };

export class DemoUnavailableError extends Error {}

/**
 * Fills the installation with the demo company (JOURNEYS.md): departments and people first (through the
 * services the admin API uses), then every record in one transaction through the records service as the
 * system, owners named, so gates, validation, formulas, history and events all apply. A settings row marks
 * the demo: taken before anything is created (a second run, even a concurrent one, finds it and does
 * nothing), completed in the records' transaction.
 */
export async function fillDemoCompany(
  target: DemoTarget,
  config: ServerConfig,
  options: DemoOptions = {},
): Promise<DemoOutcome> {
  const started = performance.now();
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const scale = options.scale ?? DEMO_DEFAULTS.scale;
  const password = options.password ?? DEMO_DEFAULTS.password;
  const { database } = target;
  const snapshot = await target.metadata.current();
  const missing = DEMO_OBJECTS.filter((object) => !snapshot.objects.has(object));
  if (missing.length)
    throw new DemoUnavailableError(
      `The demo company needs the CRM template; this installation has no ${missing.join(", ")}. ` +
        "Apply it with `keduo template apply crm`.",
    );
  const claimed = await database.db
    .insertInto("settings")
    .values({
      key: MARKER,
      value: JSON.stringify({ status: "filling", seed, scale, since: target.clock.now() }),
    })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  if (!claimed) {
    const row = await database.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", MARKER)
      .executeTakeFirst();
    const marker = (row?.value ?? {}) as { status?: string; since?: string };
    return {
      created: false,
      reason: marker.status === "done" ? "exists" : "unfinished",
      since: marker.since ?? null,
    };
  }

  const org = await createOrg({ ...target, config }, { seed, password });
  const counts = await database.db.transaction().execute(async (trx) => {
    const acting = target.records.as({
      kind: "system",
      reason: { source: "system", description: `demo company (keduo demo, seed ${seed})`, history: true },
    });
    const ctx: DemoContext = {
      seed,
      scale,
      calendar: new DemoCalendar(target.clock.now(), config.timeZone),
      org,
      cities: loadDemoCities(),
      write: createDemoWriter(acting.within(trx)),
      rng: demoStreams(seed),
    };
    const products = await createCatalog(ctx);
    const accounts = await createAccounts(ctx);
    await createLeads(ctx);
    const deals = await createDeals(ctx, accounts, products);
    await createQuotes(ctx, deals);
    await createContracts(ctx, deals);
    await createTickets(ctx, accounts);
    await createActivities(ctx, accounts, deals);
    await createTasks(ctx, accounts, deals);
    const counts = Object.fromEntries(ctx.write.counts);
    const done = { status: "done", seed, scale, since: target.clock.now(), counts };
    await trx
      .updateTable("settings")
      .set({ value: JSON.stringify(done) })
      .where("key", "=", MARKER)
      .execute();
    return counts;
  });
  return {
    created: true,
    seed,
    scale,
    password,
    users: org.everyone,
    counts,
    ms: performance.now() - started,
  };
}
