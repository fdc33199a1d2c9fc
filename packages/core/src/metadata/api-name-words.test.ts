import { describe, expect, it } from "vitest";
import { apiNameWords, joinApiNameWords } from "./api-name-words.ts";

describe("API name words from a Latin label", () => {
  it.each([
    ["Annual revenue", ["annual", "revenue"]],
    ["Customer's name", ["customers", "name"]],
    ["Café owner", ["cafe", "owner"]],
    ["Straße", ["strasse"]],
    ["McDonald's store", ["mcdonalds", "store"]],
    ["Follow-up date", ["follow", "up", "date"]],
    ["VIP level", ["vip", "level"]],
  ])("%s → %j", (label, words) => {
    expect(apiNameWords(label)).toEqual(words);
  });

  it("cuts a long name between words", () => {
    const words = apiNameWords("Average contract amount of key accounts in the eastern region last year");
    const name = joinApiNameWords(words, 40);
    expect(name).toBe("average_contract_amount_of_key_accounts");
    expect(name.length).toBeLessThanOrEqual(40);
    expect(joinApiNameWords(["supercalifragilistic"], 5)).toBe("");
  });
});
