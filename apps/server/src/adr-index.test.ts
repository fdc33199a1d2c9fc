import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const docs = new URL("../../../docs/", import.meta.url);
const adrs = readdirSync(new URL("adr/", docs)).filter((name) => /^\d{4}-.+\.md$/.test(name));

// Decisions nobody can find are decisions nobody follows: both lists name every ADR file.
describe("ADR lists", () => {
  it("finds the ADRs", () => {
    expect(adrs.length).toBeGreaterThan(10);
  });

  it("docs/adr/README.md links every ADR", () => {
    const index = readFileSync(new URL("adr/README.md", docs), "utf8");
    expect(adrs.filter((name) => !index.includes(`](${name})`))).toEqual([]);
  });

  it("docs/architecture.md links every ADR", () => {
    const architecture = readFileSync(new URL("architecture.md", docs), "utf8");
    expect(adrs.filter((name) => !architecture.includes(`](adr/${name})`))).toEqual([]);
  });
});
