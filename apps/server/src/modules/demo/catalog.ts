import type { DemoContext } from "./demo-context.ts";
import { money } from "./demo-context.ts";
import { PRODUCT_VARIANTS, PRODUCTS } from "./words.ts";

export interface DemoProduct {
  id: string;
  name: string;
  specification: string;
  /** List and cost price per unit, in CNY cents. */
  price: number;
  cost: number;
}

/** US dollars per yuan in the export price book (a fixed rate, like a yearly price list). */
export const CNY_PER_USD = 7.1;

/** What the demo company sells (16 parts in three variants) and the two 2026 price books, CNY and export USD. */
export async function createCatalog(ctx: DemoContext): Promise<DemoProduct[]> {
  const rng = ctx.rng("catalog");
  const planned = PRODUCTS.flatMap(([name, prefix, specification, unit, base], p) =>
    PRODUCT_VARIANTS.map((variant, v) => {
      const price = Math.round((base * (1 + v * 0.35)) / 10) * 10;
      const cost = Math.round((price * rng.between(52, 72)) / 100);
      return {
        values: {
          name: `${name} ${prefix}-${100 + p * 10 + v}${variant}`,
          code: `${prefix}-${100 + p * 10 + v}${variant}`,
          specification,
          unit,
          unit_price: money(price, "CNY"),
          cost_price: money(cost, "CNY"),
          active: !(p === 12 && v === 2),
        },
        price,
        cost,
        specification,
      };
    }),
  );
  const rows = await ctx.write.create(
    "product",
    planned.map((p) => p.values),
  );
  const products = planned.map((p, i) => ({
    id: rows[i]!.id,
    name: String(p.values.name),
    specification: p.specification,
    price: p.price,
    cost: p.cost,
  }));
  const year = ctx.calendar.today.slice(0, 4);
  const [standard, exported] = await ctx.write.create("price_book", [
    { name: `${year} 标准价格表`, active: true, valid_from: `${year}-01-01`, valid_until: `${year}-12-31` },
    {
      name: `${year} 出口价格表 (USD)`,
      active: true,
      valid_from: `${year}-01-01`,
      valid_until: `${year}-12-31`,
    },
  ]);
  await ctx.write.create("price_book_entry", [
    ...products.map((product) => ({
      price_book: standard!.id,
      product: product.id,
      list_price: money(product.price, "CNY"),
      min_quantity: 1,
    })),
    ...products.map((product) => ({
      price_book: exported!.id,
      product: product.id,
      list_price: money(Math.round(product.price / CNY_PER_USD), "USD"),
      min_quantity: 100,
    })),
  ]);
  return products;
}
