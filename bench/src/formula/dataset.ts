import type { Translatable } from "@keduo/core";
import type { DatasetSpec } from "../lib/record-generator.ts";
import { label } from "../lib/words.ts";

export const ACCOUNT = "bench_fx_account";
export const DEAL = "bench_fx_deal";
export const PAYMENT = "bench_fx_payment";

const relation = (target: string, inverse: string, labels: Translatable) => ({
  relation: { target, cardinality: "many_to_one" as const, inverse_name: inverse, inverse_labels: labels },
});
const select = (values: readonly string[]) => ({
  options: values.map((value) => ({ value, labels: label(value, value) })),
});
const STAGES = ["new", "qualified", "proposal", "negotiation", "won", "lost"];
const DAY = 86_400_000;

/** One deal in `PAID_EVERY` has payments: 2 or 3 each (alternating), so 100,000 of 1,000,000 deals and 250,000 payments. */
export const PAID_EVERY = 10;
export const paymentsFor = (paidIndex: number) => 2 + (paidIndex % 2);

/**
 * Deals (1M; `amount` and `close_date` indexed, a percent discount, a stage, an account) and the payments of one
 * deal in ten (the rollup's list). The payments' `deal` is set when loading, from the deals' ids.
 */
export function formulaDataset(deals: number): DatasetSpec {
  const paid = Math.floor(deals / PAID_EVERY);
  let payments = 0;
  for (let i = 0; i < paid; i++) payments += paymentsFor(i);
  return {
    name: "formula",
    seed: 20_260_404,
    objects: [
      {
        apiName: ACCOUNT,
        labels: label("客户", "Account"),
        rows: Math.max(100, Math.floor(deals / 100)),
        fields: [
          {
            input: { api_name: "name", type: "text", required: true },
            value: ({ index }) => `客户 ${index}`,
          },
        ],
      },
      {
        apiName: DEAL,
        labels: label("商机", "Deal"),
        rows: deals,
        fields: [
          {
            input: { api_name: "name", type: "text", required: true },
            value: ({ index }) => `商机 ${index}`,
          },
          {
            input: { api_name: "amount", type: "currency", indexed: true, labels: label("金额", "Amount") },
            // Log-uniform between 100 and 1,000,000.
            value: ({ rng }) => ({ amount: (10 ** (2 + 4 * rng.next())).toFixed(2), currency: "CNY" }),
          },
          {
            input: { api_name: "discount", type: "percent", labels: label("折扣", "Discount") },
            value: ({ rng }) => (rng.chance(0.1) ? null : rng.int(41)),
          },
          {
            input: { api_name: "close_date", type: "date", indexed: true },
            // 2025-01-01 … 2027-12-31: past, near and far closing dates around the run's TODAY().
            value: ({ rng }) =>
              new Date(Date.UTC(2025, 0, 1) + rng.int(3 * 365) * DAY).toISOString().slice(0, 10),
          },
          {
            input: { api_name: "stage", type: "single_select", config: select(STAGES) },
            value: ({ rng }) => rng.pick(STAGES),
          },
          {
            input: {
              api_name: "account",
              type: "relation",
              config: relation(ACCOUNT, "deals", label("商机", "Deals")),
            },
            value: (c) => c.ref("bench_fx_account"),
          },
        ],
      },
      {
        apiName: PAYMENT,
        labels: label("回款", "Payment"),
        rows: payments,
        fields: [
          {
            input: {
              api_name: "deal",
              type: "relation",
              indexed: true,
              config: relation(DEAL, "payments", label("回款", "Payments")),
            },
            value: () => null,
          },
          {
            input: { api_name: "amount", type: "currency" },
            value: ({ rng }) => ({ amount: (10 ** (2 + 3 * rng.next())).toFixed(2), currency: "CNY" }),
          },
          {
            input: { api_name: "status", type: "single_select", config: select(["received", "pending"]) },
            value: ({ rng }) => (rng.chance(0.7) ? "received" : "pending"),
          },
        ],
      },
    ],
  };
}

/**
 * The formula fields, added through the metadata API to each run's database: the deterministic formula and the
 * rollup stored and indexed (ADR 0010), the TODAY() formula computed at read time, and the same rollup once more
 * at read time (compiled once per query, LATERAL) for comparison.
 */
export const FORMULAS = {
  net_amount: { expression: "amount * (1 - discount / 100)", stored: true },
  // A stored rollup is one value for everyone: it must count as the system (ADR 0015).
  received: {
    expression: 'SUM(payments.amount, payments.status = "received")',
    stored: true,
    rollup_as: "system",
  },
  days_to_close: { expression: 'DATEDIF(TODAY(), close_date, "day")', stored: false },
  received_live: { expression: 'SUM(payments.amount, payments.status = "received")', stored: false },
} as const;

export type CaseId = "a" | "b" | "c" | "d" | "e";

export interface ListCase {
  id: CaseId;
  title: string;
  field: string;
  /** The list requests, cycled through. */
  paths: string[];
}

const listPath = (filter: unknown, sort: string) =>
  `/api/records/${DEAL}?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${sort}&limit=50`;

/** Filter on the field and sort by it, a page of 50, with the filter's bound varied over four values. */
export function listCases(): ListCase[] {
  const floors = [1_000, 10_000, 50_000, 100_000];
  return [
    {
      id: "a",
      title: "stored formula net_amount",
      field: "net_amount",
      paths: floors.map((f) => listPath({ net_amount: { gte: f } }, "-net_amount")),
    },
    {
      id: "b",
      title: "stored rollup received (SUM of payments)",
      field: "received",
      paths: [0, 100, 1_000, 2_000].map((f) => listPath({ received: { gt: f } }, "-received")),
    },
    {
      id: "c",
      title: "TODAY() formula days_to_close",
      field: "days_to_close",
      paths: [30, 60, 90, 180].map((h) =>
        listPath({ and: [{ days_to_close: { gte: 0 } }, { days_to_close: { lte: h } }] }, "days_to_close"),
      ),
    },
    {
      id: "d",
      title: "indexed plain column amount",
      field: "amount",
      paths: floors.map((f) => listPath({ amount: { gte: f } }, "-amount")),
    },
    {
      id: "e",
      title: "read-time rollup received_live (LATERAL)",
      field: "received_live",
      paths: [0, 100, 1_000, 2_000].map((f) => listPath({ received_live: { gt: f } }, "-received_live")),
    },
  ];
}
