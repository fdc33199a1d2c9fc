import type { DemoDeal } from "./deals.ts";
import type { DemoContext } from "./demo-context.ts";
import { DemoCalendar } from "./demo-context.ts";
import type { Rng } from "./random.ts";

/** A quote's status from where its deal stands. */
function statusOf(rng: Rng, deal: DemoDeal): string {
  if (deal.stage === "lost") return "rejected";
  if (deal.stage === "won" || deal.late) return "accepted";
  return rng.weighted([
    ["draft", 2],
    ["in_review", 2],
    ["approved", 1],
    ["sent", 4],
    ["expired", 1],
  ] as const);
}

/** A quote with its lines for every deal that reached pricing, owned by the deal's owner. */
export async function createQuotes(ctx: DemoContext, deals: DemoDeal[]): Promise<number> {
  const rng = ctx.rng("quotes");
  const quoted = deals.filter((deal) => deal.lines);
  const quotes = await ctx.write.create(
    "quote",
    quoted.map((deal) => {
      const status = statusOf(rng, deal);
      const issued = deal.closeDate
        ? DemoCalendar.add(deal.closeDate, -rng.between(20, 60))
        : ctx.calendar.day(-10);
      return {
        name: `${deal.name}报价`,
        owner_id: deal.account.owner.id,
        account: deal.account.id,
        opportunity: deal.id,
        status,
        valid_until:
          status === "expired" ? ctx.calendar.day(-rng.between(1, 30)) : DemoCalendar.add(issued, 30),
        currency: deal.account.currency.toLowerCase(),
        terms:
          deal.account.currency === "USD"
            ? "FOB Shanghai, T/T 30% in advance"
            : "含 13% 增值税，货到 60 天付款",
      };
    }),
  );
  const lines = quoted.flatMap((deal, i) =>
    deal.lines!.map((line) => ({
      quote: quotes[i]!.id,
      owner_id: deal.account.owner.id,
      product: line.product.id,
      description: `${line.product.name}（${line.product.specification}）`,
      quantity: line.quantity,
      unit_price: line.price / 100,
      discount: line.discount,
      unit_cost: line.cost / 100,
    })),
  );
  await ctx.write.create("quote_line", lines);
  return quotes.length;
}
