import type { DemoAccount } from "./accounts.ts";
import type { DemoProduct } from "./catalog.ts";
import { CNY_PER_USD } from "./catalog.ts";
import { type DemoContext, money, roundAmount } from "./demo-context.ts";
import { type PlannedLine, planLines } from "./quote-lines.ts";
import type { Rng } from "./random.ts";
import { OPPORTUNITY_TOPICS } from "./words.ts";

export const SALES_STAGES = [
  "lead_capture",
  "lead_assignment",
  "first_contact",
  "needs_analysis",
  "proposal",
  "negotiation",
  "contract_signing",
  "payment_followup",
  "won",
  "lost",
] as const;
export const PROJECT_STAGES = [
  "inquiry",
  "tech_exchange",
  "requirements",
  "solution_design",
  "sample_making",
  "sample_testing",
  "qualification",
  "quotation",
  "pilot_production",
  "pilot_acceptance",
  "contract",
  "volume_order",
  "won",
  "lost",
] as const;
type Pipeline = "sales" | "project";

/** Where each pipeline's gates start to apply (templates/crm/objects/opportunity.json). */
const GATES = {
  sales: { contact: "first_contact", budget: "proposal", priced: "proposal", signing: "contract_signing" },
  project: { contact: "tech_exchange", budget: "sample_making", priced: "quotation", signing: "contract" },
} as const;

export interface DemoDeal {
  id: string;
  name: string;
  account: DemoAccount;
  pipeline: Pipeline;
  stage: string;
  /** Cents in the account's currency; null while nobody has priced it. */
  amount: number | null;
  closeDate: string | null;
  /** At or past the signing stage (a contract is being drafted or reviewed). */
  late: boolean;
  /** The quote's lines, for deals that reached pricing (and some lost ones). */
  lines: PlannedLine[] | null;
}

const stagesOf = (pipeline: Pipeline): readonly string[] =>
  pipeline === "sales" ? SALES_STAGES : PROJECT_STAGES;
const reached = (pipeline: Pipeline, stage: string, gate: string) =>
  stage !== "lost" && stagesOf(pipeline).indexOf(stage) >= stagesOf(pipeline).indexOf(gate);

/** Stage weights: most deals are early or won; a project deal spends months in each of its twelve stages. */
function pickStage(rng: Rng, pipeline: Pipeline, prospect: boolean): string {
  const choices =
    pipeline === "sales"
      ? ([5, 3, 8, 9, 9, 7, 4, 4, 24, 14] as const).map((w, i) => [SALES_STAGES[i]!, w] as const)
      : PROJECT_STAGES.map((stage) => [stage, stage === "won" ? 14 : stage === "lost" ? 10 : 3] as const);
  return rng.weighted(prospect ? choices.filter(([stage]) => stage !== "won") : choices);
}

/** Deal sizes by tier, in yuan; project deals are bigger. */
const SIZE = { a: [300_000, 5_000_000], b: [80_000, 1_200_000], c: [10_000, 300_000] } as const;
const DEALS_PER_ACCOUNT: Record<string, ReadonlyArray<readonly [number, number]>> = {
  prospect: [
    [0, 4],
    [1, 6],
  ],
  onboarding: [[1, 1]],
  active: [
    [1, 4],
    [2, 4],
    [3, 2],
  ],
  renewal: [
    [1, 3],
    [2, 2],
  ],
  repurchase: [
    [1, 3],
    [2, 2],
  ],
  referral: [[1, 1]],
  churned: [[1, 1]],
};

/**
 * Opportunities of both pipelines in every stage (the first ones walk through all stages, so a small demo has
 * each), filled as each stage's gate asks: a contact from first contact on, budget confirmed past needs
 * analysis, amount and close date from the proposal (quotation) on and when won, a reason when lost.
 */
export function planDeals(ctx: DemoContext, accounts: DemoAccount[], products: DemoProduct[]) {
  const rng = ctx.rng("deals");
  const forced = [
    ...SALES_STAGES.map((stage) => ["sales", stage] as const),
    ...PROJECT_STAGES.map((stage) => ["project", stage] as const),
  ];
  const deals: Array<Omit<DemoDeal, "id"> & { values: Record<string, unknown> }> = [];
  for (const account of accounts) {
    const count = rng.weighted(DEALS_PER_ACCOUNT[account.lifecycle]!);
    for (let n = 0; n < count; n++) {
      const next = forced[deals.length];
      const pipeline: Pipeline =
        next?.[0] ?? (rng.chance(account.tier === "c" ? 0.15 : 0.35) ? "project" : "sales");
      let stage: string = next?.[1] ?? pickStage(rng, pipeline, account.lifecycle === "prospect");
      if (!next && account.lifecycle === "churned") stage = "lost";
      const gates = GATES[pipeline];
      const [low, high] = SIZE[account.tier];
      const scale = (pipeline === "project" ? 1.5 : 1) / (account.currency === "USD" ? CNY_PER_USD : 1);
      const target = roundAmount(rng, Math.round(low * scale), Math.round(high * scale));
      const priced =
        stage === "won" || reached(pipeline, stage, gates.priced) || (stage === "lost" && rng.chance(0.3));
      const planned = priced ? planLines(rng, products, account.currency, target) : null;
      const amount = planned?.total ?? (rng.chance(0.5) && stage !== "lead_capture" ? target : null);
      const closeDate =
        stage === "won"
          ? ctx.calendar.day(-rng.between(1, 360))
          : stage === "lost"
            ? ctx.calendar.day(-rng.between(1, 300))
            : amount !== null || rng.chance(0.5)
              ? ctx.calendar.day(rng.chance(0.12) ? -rng.between(1, 30) : rng.between(7, 150))
              : null;
      const contact = rng.pick(account.contacts);
      const name = `${account.shortName}${rng.pick(OPPORTUNITY_TOPICS)}`;
      const open = stage !== "won" && stage !== "lost";
      deals.push({
        name,
        account,
        pipeline,
        stage,
        amount,
        closeDate,
        late: reached(pipeline, stage, gates.signing),
        lines: planned?.lines ?? null,
        values: {
          name,
          owner_id: account.owner.id,
          account: account.id,
          primary_contact: stage === "won" || reached(pipeline, stage, gates.contact) ? contact.id : null,
          amount: amount === null ? null : money(amount, account.currency),
          close_date: closeDate,
          pipeline,
          stage,
          budget_confirmed:
            stage === "won" || reached(pipeline, stage, gates.budget) || (open && rng.chance(0.3)),
          source: rng.pick(["exhibition", "referral", "website", "cold_call", "partner"]),
          next_step: open
            ? rng.pick(["约技术交流", "发送样品", "提交报价", "安排高层拜访", "确认合同条款", "跟进付款"])
            : null,
          lost_reason:
            stage === "lost"
              ? rng.weighted([
                  ["price", 4],
                  ["competitor", 3],
                  ["no_budget", 2],
                  ["no_decision", 2],
                  ["other", 1],
                ] as const)
              : null,
        },
      });
    }
  }
  return deals;
}

export async function createDeals(ctx: DemoContext, accounts: DemoAccount[], products: DemoProduct[]) {
  const planned = planDeals(ctx, accounts, products);
  const rows = await ctx.write.create(
    "opportunity",
    planned.map((deal) => deal.values),
  );
  return planned.map(({ values: _values, ...deal }, i): DemoDeal => ({ ...deal, id: rows[i]!.id }));
}
