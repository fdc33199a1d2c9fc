import type { DemoDeal } from "./deals.ts";
import { DemoCalendar, type DemoContext, money, splitCents } from "./demo-context.ts";

/** Instalments as percentages of the contract and days after its start. */
const SCHEMES = [
  { parts: [100], days: [30] },
  { parts: [50, 50], days: [0, 90] },
  { parts: [30, 60, 10], days: [0, 60, 330] },
  { parts: [30, 30, 30, 10], days: [0, 90, 180, 330] },
] as const;
const INSTALMENT_NAMES = ["预付款", "到货款", "验收款", "质保金"];

/**
 * A contract for every won deal (a year from shortly after the close, so end dates fall over the next twelve
 * months and the oldest have expired) and a draft or one in legal review for deals at signing; payment plans
 * per contract, paid when due with a few overdue or partly paid, and the payments received.
 */
export async function createContracts(ctx: DemoContext, deals: DemoDeal[]) {
  const rng = ctx.rng("contracts");
  const { today } = ctx.calendar;
  const signed = deals.filter((deal) => deal.stage === "won" || (deal.late && deal.stage !== "lost"));
  const planned = signed.map((deal) => {
    // At the signing stage the contract is a draft or with legal; past it (payment follow-up, volume orders)
    // it runs, like a won deal's.
    const won = deal.stage !== "contract_signing" && deal.stage !== "contract";
    const start = !won
      ? ctx.calendar.day(rng.between(10, 40))
      : deal.stage === "won"
        ? DemoCalendar.add(deal.closeDate!, rng.between(3, 20))
        : ctx.calendar.day(-rng.between(10, 120));
    const end = DemoCalendar.add(start, 364);
    const status = !won
      ? rng.pick(["draft", "in_review"])
      : end < today
        ? "expired"
        : start > today
          ? "signed"
          : "active";
    const amount = deal.amount ?? 0;
    return {
      deal,
      start,
      status,
      values: {
        name: `${deal.name}合同`,
        owner_id: deal.account.owner.id,
        account: deal.account.id,
        opportunity: deal.id,
        status,
        amount: money(amount, deal.account.currency),
        signed_date: won ? DemoCalendar.add(start, -rng.between(1, 5)) : null,
        start_date: start,
        end_date: end,
      },
    };
  });
  const rows = await ctx.write.create(
    "contract",
    planned.map((p) => p.values),
  );

  const plans: Array<{ values: Record<string, unknown>; paid: number; due: string }> = [];
  planned.forEach(({ deal, start, status, values }, i) => {
    if (status === "draft" || status === "in_review") return;
    const scheme = rng.pick(SCHEMES);
    const parts = splitCents(deal.amount ?? 0, scheme.parts);
    parts.forEach((cents, n) => {
      const due = DemoCalendar.add(start, scheme.days[n]!);
      const outcome =
        due > today
          ? "pending"
          : rng.weighted([
              ["paid", 85],
              ["overdue", 10],
              ["partially_paid", 5],
            ] as const);
      const paid = outcome === "paid" ? cents : outcome === "partially_paid" ? Math.floor(cents / 2) : 0;
      plans.push({
        due,
        paid,
        values: {
          name: `${INSTALMENT_NAMES[scheme.parts.length === 1 ? 0 : n]} ${scheme.parts[n]}%`,
          owner_id: deal.account.owner.id,
          contract: rows[i]!.id,
          account: deal.account.id,
          due_date: due,
          amount: money(cents, deal.account.currency),
          status: outcome,
          notes: values.name,
        },
      });
    });
  });
  const planRows = await ctx.write.create(
    "payment_plan",
    plans.map((p) => p.values),
  );
  const payments = plans.flatMap((plan, i) => {
    if (plan.paid === 0) return [];
    const late = rng.between(-5, 20);
    const date = DemoCalendar.add(plan.due, late);
    const values = plan.values as {
      contract: string;
      account: string;
      owner_id: string;
      amount: { currency: "CNY" | "USD" };
    };
    return [
      {
        contract: values.contract,
        payment_plan: planRows[i]!.id,
        account: values.account,
        owner_id: values.owner_id,
        payment_date: [date, today].sort()[0],
        amount: money(plan.paid, values.amount.currency),
        method: rng.weighted([
          ["bank_transfer", 6],
          ["acceptance_bill", 3],
          ["online", 1],
        ] as const),
      },
    ];
  });
  await ctx.write.create("payment", payments);
  return rows.length;
}
