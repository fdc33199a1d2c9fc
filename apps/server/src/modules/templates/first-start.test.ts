import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.ts";
import { createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { applyTemplateOnFirstStart, describeFirstStartTemplate } from "./first-start.ts";

// The first start as `keduo start` runs it (cli/start.command.ts) against installations in each state; the
// real process is started in cli.test.ts. Test servers (createKeduo) never apply a template themselves.
let empty: TestApp;
let configured: TestApp;
let owned: TestApp;

beforeAll(async () => {
  // One after the other: the embedded engine is one connection, and three servers migrating it at once
  // interleave their statements ("unnamed prepared statement does not exist").
  empty = await startTestApp();
  configured = await startTestApp();
  owned = await startTestApp();
}, 120_000);

afterAll(async () => {
  await Promise.all([empty?.close(), configured?.close(), owned?.close()]);
});

const objectNames = async (app: TestApp) =>
  ((await app.admin.get("/api/meta/objects")).body.objects as Array<{ api_name: string }>).map(
    (o) => o.api_name,
  );

describe("the template on the first start", () => {
  it("is not applied by a test server: it starts empty", async () => {
    expect(await objectNames(empty)).toEqual([]);
  });

  it("is crm unless KEDUO_TEMPLATE says otherwise, and none with KEDUO_TEMPLATE=none", async () => {
    expect(loadConfig({}).template).toBe("crm");
    expect(() => loadConfig({ KEDUO_TEMPLATE: "../crm" })).toThrow(ConfigError);
    const template = loadConfig({ KEDUO_TEMPLATE: "none" }).template;
    expect(template).toBeNull();
    expect(await applyTemplateOnFirstStart(empty.server, template)).toBeNull();
    expect(await objectNames(empty)).toEqual([]);
  });

  it("is applied once to an empty installation, and a second start applies nothing", async () => {
    const first = await applyTemplateOnFirstStart(empty.server, "crm");
    expect(first).not.toBeNull();
    expect(first?.summary.refused).toBe(0);
    expect(describeFirstStartTemplate(first!)).toMatch(
      /^Applied the crm template \(version 1\): 15 objects, \d+ items in one metadata change\./,
    );
    expect(await objectNames(empty)).toContain("opportunity");
    const version = (await empty.admin.get("/api/meta/objects")).body.version;

    expect(await applyTemplateOnFirstStart(empty.server, "crm")).toBeNull();
    expect((await empty.admin.get("/api/meta/objects")).body.version).toBe(version);
  });

  it("leaves an installation alone once a bundle was applied to it, or it has objects of its own", async () => {
    const roles = {
      "bundle.json": JSON.stringify({ format: 1, name: "roles-only", version: "1", kinds: ["roles"] }),
      "roles.json": JSON.stringify({
        roles: {
          buyer: { labels: label("采购", "Buyer"), permissions: { default_objects: { read: true } } },
        },
      }),
    };
    const applied = await configured.admin.post("/api/admin/bundle/apply", { files: roles });
    expect(applied.body.applied, applied.text).toBe(true);
    expect(await applyTemplateOnFirstStart(configured.server, "crm")).toBeNull();
    expect(await objectNames(configured)).toEqual([]);

    await createObject(owned.admin, "customer", "客户", "Customer");
    expect(await applyTemplateOnFirstStart(owned.server, "crm")).toBeNull();
    expect(await objectNames(owned)).toEqual(["customer"]);
  });
});
