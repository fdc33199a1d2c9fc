import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { signedInUser } from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { nameSearchKeys } from "./name-keys.ts";

let app: TestApp;
let rep: { id: string; client: HttpClient };
const ids: Record<string, string> = {};

async function person(name: string, email: string, extra: Record<string, unknown> = {}) {
  const created = await app.admin.post("/api/users", { email, name, password: "password-123", ...extra });
  expect(created.status, created.text).toBe(201);
  ids[name] = created.body.user.id;
}

beforeAll(async () => {
  app = await startTestApp();
  const east = await app.admin.post("/api/org/departments", { name: "华东销售", parent_id: null });
  expect(east.status, east.text).toBe(201);
  const department = east.body.id ?? east.body.department.id;
  await person("张三", "zhangsan@keduo.test", { department_id: department });
  await person("张珊珊", "shanshan@keduo.test");
  await person("单雄", "shan@keduo.test");
  await person("Zoe Smith", "zoe@keduo.test");
  await person("李四", "lisi@keduo.test");
  const disabled = await app.admin.patch(`/api/users/${ids.李四}`, { status: "disabled" });
  expect(disabled.status, disabled.text).toBe(200);
  rep = await signedInUser(app, "people-rep");
});
afterAll(() => app?.close());

const names = (body: { people: { name: string }[] }) => body.people.map((p) => p.name);

describe(`the people directory (${testEngine})`, () => {
  it("reads surnames as surnames: 单 is shan, 曾 is zeng", () => {
    expect(nameSearchKeys("张三")).toBe("张三 zhangsan zs");
    expect(nameSearchKeys("单雄")).toBe("单雄 shanxiong sx");
    expect(nameSearchKeys("Zoe Smith")).toBe("zoe smith zs");
  });

  it("finds people by name, pinyin and initials for any signed-in user", async () => {
    for (const [q, expected] of [
      ["zs", ["张三", "张珊珊", "Zoe Smith"]],
      ["zhang", ["张三", "张珊珊"]],
      ["张", ["张三", "张珊珊"]],
      ["shan", ["单雄", "张珊珊"]],
      ["zhangsan", ["张三"]],
      ["ZOE", ["Zoe Smith"]],
      ["%", []],
    ] as const) {
      const response = await rep.client.get(`/api/people?q=${encodeURIComponent(q)}`);
      expect(response.status, response.text).toBe(200);
      expect([...names(response.body)].sort(), q).toEqual([...expected].sort());
    }
  });

  it("shows everyone name, department and status, but emails and roles only to user managers", async () => {
    const seen = await rep.client.get("/api/people?q=zhangsan");
    expect(seen.body.people).toEqual([
      { id: ids.张三, name: "张三", active: true, department: { id: expect.any(String), name: "华东销售" } },
    ]);
    expect(seen.text).not.toContain("@keduo.test");
    const managed = await app.admin.get("/api/people?q=zhangsan");
    expect(managed.body.people[0]).toMatchObject({ email: "zhangsan@keduo.test", roles: ["member"] });
  });

  it("names the people behind ids, disabled ones included, in one call", async () => {
    const response = await rep.client.get(`/api/people?ids=${ids.张三},${ids.李四}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.people.map((p: { name: string; active: boolean }) => [p.name, p.active])).toEqual([
      ["张三", true],
      ["李四", false],
    ]);
    // A search lists only active people.
    expect(names((await rep.client.get("/api/people?q=li")).body)).toEqual([]);
    const bad = await rep.client.get("/api/people?ids=not-an-id");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "ids", code: "invalid_format" });
  });

  it("lists a department's members", async () => {
    const departmentId = (await rep.client.get(`/api/people?ids=${ids.张三}`)).body.people[0].department.id;
    const members = await rep.client.get(`/api/people?department=${departmentId}&limit=50`);
    expect(members.status, members.text).toBe(200);
    expect(names(members.body)).toEqual(["张三"]);
  });

  it("keeps a renamed person findable by the new name's pinyin", async () => {
    expect((await app.admin.patch(`/api/users/${ids.张珊珊}`, { name: "王珊珊" })).status).toBe(200);
    expect(names((await rep.client.get("/api/people?q=wangss")).body)).toEqual([]);
    expect(names((await rep.client.get("/api/people?q=wss")).body)).toEqual(["王珊珊"]);
  });

  it("lists roles by name only to people who do not manage users", async () => {
    const forRep = await rep.client.get("/api/meta/roles");
    expect(forRep.status).toBe(200);
    expect(
      forRep.body.roles.every(
        (r: Record<string, unknown>) => Object.keys(r).sort().join() === "api_name,labels",
      ),
    ).toBe(true);
    const forAdmin = await app.admin.get("/api/meta/roles");
    expect(forAdmin.body.roles.some((r: Record<string, unknown>) => "permissions" in r)).toBe(true);
  });
});
