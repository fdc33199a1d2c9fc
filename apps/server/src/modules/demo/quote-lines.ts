import type { DemoProduct } from "./catalog.ts";
import { CNY_PER_USD } from "./catalog.ts";
import type { Currency } from "./demo-context.ts";
import type { Rng } from "./random.ts";

export interface PlannedLine {
  product: DemoProduct;
  quantity: number;
  /** Per unit in the quote's currency, in cents. */
  price: number;
  cost: number;
  discount: number;
}

const DISCOUNTS = [0, 0, 0, 3, 5, 8, 10, 12, 15];

/** Cents of one line, rounded as money is: quantity × price × (1 − discount). */
export const lineCents = (line: PlannedLine) =>
  Math.round((line.quantity * line.price * (100 - line.discount)) / 100);

/** One to four parts whose quantities bring the quote near `target` cents; the deal's amount is their total. */
export function planLines(rng: Rng, products: DemoProduct[], currency: Currency, target: number) {
  const count = rng.between(1, 4);
  const chosen = new Set<DemoProduct>();
  while (chosen.size < count) chosen.add(rng.pick(products));
  const lines = [...chosen].map((product) => {
    const rate = currency === "USD" ? CNY_PER_USD : 1;
    const price = Math.max(1, Math.round(product.price / rate));
    const discount = rng.pick(DISCOUNTS);
    const share = target / count;
    const quantity = Math.max(1, Math.round(share / ((price * (100 - discount)) / 100)));
    return { product, quantity, price, cost: Math.round(product.cost / rate), discount };
  });
  return { lines, total: lines.reduce((sum, line) => sum + lineCents(line), 0) };
}
