import { pinyin } from "pinyin-pro";
import { type Currency, type DemoContext, money, roundAmount, type Values } from "./demo-context.ts";
import type { DemoUser, Team } from "./org.ts";
import type { Rng } from "./random.ts";
import { addressIn, type Region } from "./regions.ts";
import {
  AREA_CODES,
  COMPANY_FORMS,
  COMPANY_WORDS,
  EXPORT_FORMS,
  EXPORT_KINDS,
  EXPORT_NAMES,
  EXPORT_WORDS,
  GIVEN_NAMES,
  INDUSTRY_WORDS,
  JOB_TITLES,
  SURNAMES,
} from "./words.ts";

export interface DemoContact {
  id: string;
  name: string;
}

export interface DemoAccount {
  id: string;
  name: string;
  /** How people say it: 恒瑞精密. */
  shortName: string;
  owner: DemoUser;
  team: Team;
  tier: "a" | "b" | "c";
  lifecycle: string;
  currency: Currency;
  contacts: DemoContact[];
}

const REGION_WEIGHTS: ReadonlyArray<readonly [Region, number]> = [
  ["east", 40],
  ["south", 25],
  ["north", 20],
  ["west", 15],
];
const LIFECYCLES = [
  ["prospect", 30],
  ["onboarding", 6],
  ["active", 35],
  ["renewal", 8],
  ["repurchase", 8],
  ["referral", 4],
  ["churned", 9],
] as const;
export const INDUSTRIES = [
  ["automotive", 30],
  ["electronics", 18],
  ["machinery", 22],
  ["new_energy", 12],
  ["medical", 8],
  ["aerospace", 4],
  ["other", 6],
] as const;
export const SOURCES = [
  ["exhibition", 25],
  ["referral", 20],
  ["website", 15],
  ["cold_call", 15],
  ["online_ads", 10],
  ["partner", 10],
  ["other", 5],
] as const;
/** Annual revenue by tier, in yuan. */
const REVENUE: Record<DemoAccount["tier"], readonly [number, number]> = {
  a: [500_000_000, 5_000_000_000],
  b: [80_000_000, 500_000_000],
  c: [5_000_000, 80_000_000],
};

export const personName = (rng: Rng) => rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
export const mobile = (rng: Rng) =>
  `1${rng.pick(["38", "39", "58", "86", "37", "59", "88", "52"])}${rng.between(10_000_000, 99_999_999)}`;
const romanised = (text: string) =>
  pinyin(text, { toneType: "none", type: "array" }).join("").replaceAll("ü", "v");

/** A unique Chinese company name: city, brand, trade and legal form (苏州恒瑞精密机械有限公司). */
export function companyNamer(rng: Rng) {
  const taken = new Set<string>();
  return (city: string, industry: string) => {
    for (;;) {
      const word = rng.pick(COMPANY_WORDS);
      const trade = rng.pick(INDUSTRY_WORDS[industry]!);
      const name = `${city}${word}${trade}${rng.pick(COMPANY_FORMS)}`;
      if (taken.has(name)) continue;
      taken.add(name);
      return { name, shortName: `${word}${trade.slice(0, 2)}`, domain: `${romanised(word)}.example` };
    }
  };
}

function exportNamer(rng: Rng) {
  const taken = new Set<string>();
  return () => {
    for (;;) {
      const word = rng.pick(EXPORT_WORDS);
      const name = `${word} ${rng.pick(EXPORT_KINDS)} ${rng.pick(EXPORT_FORMS)}`;
      if (taken.has(name) && taken.size < EXPORT_WORDS.length * EXPORT_KINDS.length) continue;
      taken.add(name);
      return { name, shortName: word, domain: `${word.toLowerCase()}.example` };
    }
  };
}

/**
 * Accounts owned by the reps of their region (tier A half by key accounts; export customers, in USD, by key
 * accounts), each with one to four contacts, the key decision maker first and named the main contact.
 */
export async function createAccounts(ctx: DemoContext): Promise<DemoAccount[]> {
  const rng = ctx.rng("accounts");
  const chinese = companyNamer(rng);
  const foreign = exportNamer(rng);
  const planned: Array<{
    account: Omit<DemoAccount, "id" | "contacts">;
    values: Values;
    contacts: Values[];
  }> = [];
  for (let i = 0; i < ctx.scale; i++) {
    const exporter = rng.chance(0.05);
    const region = rng.weighted(REGION_WEIGHTS);
    const tier = rng.weighted([
      ["a", 12],
      ["b", 33],
      ["c", 55],
    ] as const);
    const team: Team = exporter || (tier === "a" && rng.chance(0.5)) ? "key_accounts" : region;
    const owner = rng.pick(ctx.org.reps[team]);
    const industry = rng.weighted(INDUSTRIES);
    const city = rng.pick(ctx.cities[region]);
    const named = exporter ? foreign() : chinese(city.name, industry);
    const lifecycle = rng.weighted(LIFECYCLES);
    const currency: Currency = exporter ? "USD" : "CNY";
    const [low, high] = REVENUE[tier];
    const values: Values = {
      name: named.name,
      owner_id: owner.id,
      tier,
      lifecycle_stage: lifecycle,
      industry,
      source: rng.weighted(SOURCES),
      region: exporter ? null : addressIn(city, rng),
      phone: exporter
        ? `+49 ${rng.between(30, 89)} ${rng.between(1_000_000, 9_999_999)}`
        : `${AREA_CODES[city.name]}-${rng.between(5_000_0000, 8_999_9999)}`,
      website: rng.chance(0.4) ? `https://www.${named.domain}` : null,
      annual_revenue: money(roundAmount(rng, exporter ? low / 7 : low, exporter ? high / 7 : high), currency),
      employees:
        tier === "a"
          ? rng.between(1_000, 20_000)
          : tier === "b"
            ? rng.between(200, 1_500)
            : rng.between(20, 300),
      satisfaction_score: lifecycle === "prospect" ? null : rng.between(40, 100) / 10,
    };
    const contacts: Values[] = [];
    const count = rng.weighted([
      [1, 25],
      [2, 35],
      [3, 25],
      [4, 15],
    ] as const);
    for (let c = 0; c < count; c++) {
      const [title, role] =
        c === 0 ? rng.pick(JOB_TITLES.filter(([, r]) => r === "key_decision_maker")) : rng.pick(JOB_TITLES);
      const name = exporter ? rng.pick(EXPORT_NAMES) : personName(rng);
      const local = exporter ? name.toLowerCase().replace(" ", ".") : romanised(name);
      contacts.push({
        name,
        owner_id: owner.id,
        title,
        decision_role: role,
        phone: exporter ? null : mobile(rng),
        email: `${local}@${named.domain}`,
        wechat: !exporter && rng.chance(0.5) ? `${local}_${rng.between(10, 99)}` : null,
        birthday: rng.chance(0.6) ? ctx.calendar.day(-rng.between(28 * 365, 58 * 365)) : null,
      });
    }
    planned.push({
      account: { name: named.name, shortName: named.shortName, owner, team, tier, lifecycle, currency },
      values,
      contacts,
    });
  }
  const rows = await ctx.write.create(
    "account",
    planned.map((p) => p.values),
  );
  const contactRows = await ctx.write.create(
    "contact",
    planned.flatMap((p, i) => p.contacts.map((contact) => ({ ...contact, account: rows[i]!.id }))),
  );
  let next = 0;
  const accounts = planned.map((p, i) => ({
    ...p.account,
    id: rows[i]!.id,
    contacts: p.contacts.map((contact) => ({ id: contactRows[next++]!.id, name: String(contact.name) })),
  }));
  await ctx.write.update(
    "account",
    accounts.map((account) => ({ id: account.id, values: { main_contact: account.contacts[0]!.id } })),
  );
  return accounts;
}
