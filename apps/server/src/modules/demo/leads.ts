import { companyNamer, INDUSTRIES, mobile, personName, SOURCES } from "./accounts.ts";
import type { DemoContext, DemoRow } from "./demo-context.ts";
import { addressIn, REGIONS } from "./regions.ts";
import { JOB_TITLES, LEAD_REQUIREMENTS } from "./words.ts";

/** Leads: a fifth of the accounts' number; a third unowned in the pool, the rest with the reps of their region. */
export async function createLeads(ctx: DemoContext): Promise<DemoRow[]> {
  const rng = ctx.rng("leads");
  const named = companyNamer(rng);
  const count = Math.max(10, Math.round(ctx.scale / 5));
  const leads = Array.from({ length: count }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    const city = rng.pick(ctx.cities[region]);
    const industry = rng.weighted(INDUSTRIES);
    const pooled = i % 3 === 0;
    const status = pooled
      ? "new"
      : rng.weighted([
          ["new", 3],
          ["working", 5],
          ["disqualified", 1],
        ] as const);
    return {
      company: named(city.name, industry).name,
      owner_id: pooled ? null : rng.pick(ctx.org.reps[region]).id,
      contact_name: personName(rng),
      job_title: rng.pick(JOB_TITLES)[0],
      phone: mobile(rng),
      source: rng.weighted(SOURCES),
      region: addressIn(city, rng),
      industry,
      status,
      requirements: rng.pick(LEAD_REQUIREMENTS),
    };
  });
  return ctx.write.create("lead", leads);
}
