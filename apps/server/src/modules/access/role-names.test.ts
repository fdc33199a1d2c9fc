import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

describe(`a role made from its label (${testEngine})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it("gets its API name from the Chinese label, numbered when taken, the other language falling back", async () => {
    const first = await app.admin.post("/api/meta/roles", { labels: { "zh-CN": "销售代表" } });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({
      api_name: "xiao_shou_dai_biao",
      labels: { "zh-CN": "销售代表", en: "销售代表" },
    });
    const second = await app.admin.post("/api/meta/roles", { labels: { "zh-CN": "销售代表", en: "" } });
    expect(second.body.api_name).toBe("xiao_shou_dai_biao_2");
    const named = await app.admin.post("/api/meta/roles", {
      api_name: "csm",
      labels: { en: "Customer success" },
    });
    expect(named.body).toMatchObject({
      api_name: "csm",
      labels: { "zh-CN": "Customer success", en: "Customer success" },
    });
  });

  it("refuses a role with no label", async () => {
    const response = await app.admin.post("/api/meta/roles", { labels: { "zh-CN": " " } });
    expect(response.status).toBe(400);
  });
});
