import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { applyCrm } from "./crm-test-support.ts";
import { readTemplate } from "./template-files.ts";

let app: TestApp;
let template: Record<string, string>;

beforeAll(async () => {
  [app, template] = await Promise.all([startTestApp(), readTemplate("crm")]);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const metaVersion = async () => (await app.admin.get("/api/meta/objects")).body.version as number;
const OBJECTS = [
  "account",
  "activity",
  "contact",
  "contract",
  "lead",
  "opportunity",
  "payment",
  "payment_plan",
  "price_book",
  "price_book_entry",
  "product",
  "quote",
  "quote_line",
  "task",
  "ticket",
];

/** Every translatable text of a file, with where it is: label objects are the ones holding `zh-CN`. */
function translatables(value: unknown, path: string, found: Array<[string, unknown]> = []) {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) translatables(item, `${path}.${index}`, found);
  } else if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.some(([key]) => key === "zh-CN" || key === "en")) found.push([path, value]);
    else for (const [key, child] of entries) translatables(child, `${path}.${key}`, found);
  }
  return found;
}

describe("the CRM template", () => {
  it("is a bundle of one file per object plus roles and sharing, every label in Chinese and English", () => {
    expect(Object.keys(template).sort()).toEqual([
      "bundle.json",
      ...OBJECTS.map((name) => `objects/${name}.json`),
      "roles.json",
      "sharing.json",
    ]);
    const labels = Object.entries(template).flatMap(([path, text]) => translatables(JSON.parse(text), path));
    expect(labels.length).toBeGreaterThan(400);
    const incomplete = labels.filter(([, label]) => {
      const { "zh-CN": zh, en } = label as Record<string, unknown>;
      return typeof zh !== "string" || !zh.trim() || typeof en !== "string" || !en.trim();
    });
    expect(incomplete).toEqual([]);
    // API names are English; the Chinese is in the labels.
    for (const name of OBJECTS) {
      const { fields } = JSON.parse(template[`objects/${name}.json`] ?? "{}");
      for (const field of fields) expect(field.api_name).toMatch(/^[a-z][a-z0-9_]+$/);
    }
  });

  it("gives opportunities the two processes' stages in order, ending won or lost", () => {
    const { fields } = JSON.parse(template["objects/opportunity.json"] ?? "{}");
    const byName = (name: string) => fields.find((f: { api_name: string }) => f.api_name === name);
    expect(byName("pipeline").config.options.map((o: { value: string }) => o.value)).toEqual([
      "sales",
      "project",
    ]);
    expect(byName("pipeline").default).toBe("sales");
    expect(byName("stage").config.options.map((o: { value: string }) => o.value)).toEqual([
      ...["lead_capture", "lead_assignment", "first_contact", "needs_analysis", "proposal"],
      ...["negotiation", "contract_signing", "payment_followup"],
      ...["inquiry", "tech_exchange", "requirements", "solution_design", "sample_making", "sample_testing"],
      ...["qualification", "quotation", "pilot_production", "pilot_acceptance", "contract", "volume_order"],
      "won",
      "lost",
    ]);
    expect(
      byName("stage").config.options.find((o: { value: string }) => o.value === "contract").labels,
    ).toEqual({ "zh-CN": "合同签订", en: "Contract" });
  });

  it("applies to an empty installation in one metadata change, nothing refused", async () => {
    const before = await metaVersion();
    const dry = await applyCrm(app.admin, { dryRun: true });
    expect(dry).toMatchObject({ applied: false, meta_version: null });
    expect(await metaVersion()).toBe(before);

    const plan = await applyCrm(app.admin);
    expect(plan.summary.refused).toBe(0);
    expect(plan.items.filter((item) => item.problems.length)).toEqual([]);
    expect(plan).toMatchObject({ applied: true, meta_version: before + 1 });
    expect(plan.summary.create).toBe(plan.items.length);
    expect(await metaVersion()).toBe(before + 1);
    const objects = (await app.admin.get("/api/meta/objects")).body.objects.map(
      (o: { api_name: string }) => o.api_name,
    );
    expect(objects.sort()).toEqual(OBJECTS);
  });

  it("exports back as the same files: the template is in the canonical form `keduo bundle export` writes", async () => {
    const exported = (await app.admin.get("/api/admin/bundle?name=crm&version=1")).body.files;
    for (const name of OBJECTS)
      expect(exported[`objects/${name}.json`]).toBe(template[`objects/${name}.json`]);
    expect(exported["sharing.json"]).toBe(template["sharing.json"]);
    // The installation's own member role is exported too; the template leaves it alone.
    const roles = JSON.parse(exported["roles.json"]).roles;
    delete roles.member;
    expect(roles).toEqual(JSON.parse(template["roles.json"] ?? "{}").roles);
  });

  it("changes nothing when applied again", async () => {
    const before = await metaVersion();
    const plan = await applyCrm(app.admin);
    expect(plan).toMatchObject({ applied: false, meta_version: null });
    expect(plan.summary).toMatchObject({ create: 0, update: 0, refused: 0, kept_changed_locally: 0 });
    expect(plan.summary.unchanged).toBe(plan.items.length);
    expect(await metaVersion()).toBe(before);
  });

  it("keeps what the admin changed afterwards when it is applied again", async () => {
    const renamed = { "zh-CN": "客户级别", en: "Account grade" };
    const patched = await app.admin.patch("/api/meta/objects/account/fields/tier", { labels: renamed });
    expect(patched.status, patched.text).toBe(200);
    const plan = await applyCrm(app.admin);
    expect(plan.applied).toBe(false);
    expect(plan.items.find((item) => item.key === "account.tier")).toMatchObject({
      action: "kept_changed_locally",
    });
    const tier = (await app.admin.get("/api/meta/objects/account/fields/tier")).body;
    expect(tier.labels).toEqual(renamed);
  });
});
