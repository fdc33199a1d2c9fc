import type { RecordsService } from "../records/index.ts";
import type { DemoOrg } from "./org.ts";
import type { Rng } from "./random.ts";
import { streamFor } from "./random.ts";
import type { DemoCity, Region } from "./regions.ts";

export type DemoRow = Record<string, unknown> & { id: string };
export type Values = Record<string, unknown>;

/** Dates as the organisation sees them: `today` in its time zone and whole days around it. */
export class DemoCalendar {
  readonly today: string;
  private readonly base: number;

  constructor(now: Date, timeZone: string) {
    // en-CA formats as YYYY-MM-DD.
    this.today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(now);
    this.base = Date.parse(`${this.today}T00:00:00Z`);
  }

  /** The date `offset` days from today (negative: in the past). */
  day(offset: number): string {
    return new Date(this.base + offset * 86_400_000).toISOString().slice(0, 10);
  }

  /** A moment `offset` days from today at a local working hour (UTC+8 for the demo's Asia/Shanghai). */
  at(offset: number, hour: number, minute = 0): string {
    return new Date(this.base + offset * 86_400_000 + ((hour - 8) * 60 + minute) * 60_000).toISOString();
  }

  /** Days from `date` to `other`. */
  static between(date: string, other: string): number {
    return Math.round((Date.parse(`${other}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  }

  static add(date: string, days: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  }
}

export type Currency = "CNY" | "USD";

/** Money in whole cents (exact integers), written as the currency field takes it. */
export const money = (cents: number, currency: Currency) => ({ amount: centsText(cents), currency });

export const centsText = (cents: number) =>
  `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, "0")}`;

/** A round amount in [min, max] yuan, in cents: 1,234,000.00 rather than 1,234,567.89. */
export function roundAmount(rng: Rng, minYuan: number, maxYuan: number): number {
  const step = maxYuan >= 1_000_000 ? 10_000 : maxYuan >= 100_000 ? 1_000 : 100;
  return Math.max(1, Math.round(rng.between(minYuan, maxYuan) / step)) * step * 100;
}

/** Splits an amount in cents by percentages; the last part takes the remainder, so the parts add up exactly. */
export function splitCents(total: number, percentages: readonly number[]): number[] {
  const parts = percentages.map((p) => Math.floor((total * p) / 100));
  parts[parts.length - 1]! += total - parts.reduce((sum, part) => sum + part, 0);
  return parts;
}

/** Writes through the records service as the system, in calls of up to 1,000, inside the fill's transaction. */
export interface DemoWriter {
  create(object: string, inputs: Values[]): Promise<DemoRow[]>;
  update(object: string, inputs: Array<{ id: string; values: Values }>): Promise<void>;
  /** Records created per object, in creation order. */
  readonly counts: Map<string, number>;
}

const CHUNK = 1_000;

export function createDemoWriter(acting: ReturnType<RecordsService["as"]>): DemoWriter {
  const counts = new Map<string, number>();
  return {
    counts,
    async create(object, inputs) {
      const rows: DemoRow[] = [];
      for (let i = 0; i < inputs.length; i += CHUNK)
        rows.push(...((await acting.create(object, inputs.slice(i, i + CHUNK))) as DemoRow[]));
      counts.set(object, (counts.get(object) ?? 0) + rows.length);
      return rows;
    },
    async update(object, inputs) {
      for (let i = 0; i < inputs.length; i += CHUNK) await acting.update(object, inputs.slice(i, i + CHUNK));
    },
  };
}

/** What every generator gets: the seed's streams, the calendar, the people and the writer. */
export interface DemoContext {
  seed: number;
  /** Accounts to create; everything else follows from it. */
  scale: number;
  calendar: DemoCalendar;
  org: DemoOrg;
  cities: Record<Region, DemoCity[]>;
  write: DemoWriter;
  /** A stream of its own per generator, so adding one never changes what the others make. */
  rng(purpose: string): Rng;
}

export function demoStreams(seed: number) {
  return (purpose: string) => streamFor(seed, purpose);
}
