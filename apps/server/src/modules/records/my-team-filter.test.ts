import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../test/export-support.ts";
import { addField, createObject } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

/**
 * `$my_team` on a user field: the reader and everyone in the reader's department or below it. Leads are
 * readable by everyone here (public read), so what a reader does not get is the filter's doing, not access.
 *   华东 (east) ⊃ 华东一组 (eastOne);  华南 (south) beside it;  loner: no department.
 */
let app: TestApp;
const users: Record<string, { id: string; client: HttpClient }> = {};
const departments: Record<string, string> = {};
const LEADS = "/api/records/lead";

async function department(key: string, name: string, parent?: string) {
  const response = await app.admin.post("/api/org/departments", { name, parent_id: parent ?? null });
  expect(response.status, response.text).toBe(201);
  departments[key] = response.body.id;
}

async function user(key: string, departmentKey: string | null) {
  const email = `${key}@keduo.test`;
  const created = await app.admin.post("/api/users", {
    email,
    name: key,
    password: "password-123",
    department_id: departmentKey ? departments[departmentKey] : null,
  });
  expect(created.status, created.text).toBe(201);
  users[key] = { id: created.body.user.id, client: await app.login(email, "password-123") };
}

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "lead", "线索", "Lead");
  await addField(app.admin, "lead", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "lead", { api_name: "follower", type: "user" });
  expect((await app.admin.patch("/api/meta/objects/lead", { sharing_default: "public_read" })).status).toBe(
    200,
  );
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: { default_objects: { read: true, create: true, edit: true, delete: true } },
  });
  expect(member.status, member.text).toBe(200);
  await department("east", "华东");
  await department("eastOne", "华东一组", departments.east);
  await department("south", "华南");
  await user("manager", "east");
  await user("peer", "east");
  await user("sub", "eastOne");
  await user("southRep", "south");
  await user("loner", null);
  // One lead per person, named after its owner, followed by the next person; and one in the pool.
  const keys = Object.keys(users);
  const records = keys.map((key, i) => ({
    name: key,
    owner_id: users[key]!.id,
    follower: users[keys[(i + 1) % keys.length]!]!.id,
  }));
  const created = await app.admin.post(`${LEADS}/bulk`, {
    records: [...records, { name: "pool", owner_id: null }],
  });
  expect(created.status, created.text).toBe(201);
});
afterAll(() => app?.close());

const filterParam = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

async function names(client: HttpClient, filter: unknown): Promise<string[]> {
  const response = await client.get(`${LEADS}?limit=100&filter=${filterParam(filter)}`);
  expect(response.status, response.text).toBe(200);
  return response.body.records.map((r: { name: string }) => r.name).sort();
}

const myTeam = { owner_id: { eq: "$my_team" } };

describe(`"$my_team" in filters (${testEngine})`, () => {
  it("is the reader's department and every department below it, and never a colleague elsewhere", async () => {
    expect(await names(users.manager!.client, myTeam)).toEqual(["manager", "peer", "sub"]);
    // From inside the sub-department the team is that department only.
    expect(await names(users.sub!.client, myTeam)).toEqual(["sub"]);
    expect(await names(users.southRep!.client, myTeam)).toEqual(["southRep"]);
    // Without a department, the team is the reader alone.
    expect(await names(users.loner!.client, myTeam)).toEqual(["loner"]);
  });

  it("works negated, in a list with real ids, and on any user field", async () => {
    const manager = users.manager!.client;
    // `neq` includes the records without an owner, like every other `neq`.
    expect(await names(manager, { owner_id: { neq: "$my_team" } })).toEqual(["loner", "pool", "southRep"]);
    expect(await names(manager, { owner_id: { in: ["$my_team", users.loner!.id] } })).toEqual([
      "loner",
      "manager",
      "peer",
      "sub",
    ]);
    expect(await names(manager, { owner_id: { nin: ["$my_team", users.loner!.id] } })).toEqual([
      "pool",
      "southRep",
    ]);
    // Followers: manager → peer → sub → southRep → loner → manager.
    expect(await names(manager, { follower: { eq: "$my_team" } })).toEqual(["loner", "manager", "peer"]);
  });

  it("counts and aggregates what it lists", async () => {
    const manager = users.manager!.client;
    const counted = await manager.get(`${LEADS}?limit=1&count=true&filter=${filterParam(myTeam)}`);
    expect(counted.status, counted.text).toBe(200);
    expect(counted.body.total).toBe(3);
    const aggregated = await manager.post(`${LEADS}/aggregate`, {
      filter: myTeam,
      aggregates: [{ fn: "count" }],
    });
    expect(aggregated.status, aggregated.text).toBe(200);
    expect(JSON.stringify(aggregated.body)).toMatch(/"count":3\b/);
  });

  it("in a shared view, shows each reader their own team (list and export)", async () => {
    const view = await app.admin.post("/api/views/lead", {
      name: "我团队的",
      shared: true,
      columns: [{ field: "name" }],
      filter: myTeam,
      sort: [{ field: "name", direction: "asc" }],
      search: null,
    });
    expect(view.status, view.text).toBe(201);
    for (const [key, expected] of [
      ["manager", ["manager", "peer", "sub"]],
      ["sub", ["sub"]],
    ] as const) {
      const client = users[key]!.client;
      const stored = await client.get(`/api/views/lead/${view.body.id}`);
      expect(stored.status, stored.text).toBe(200);
      expect(await names(client, stored.body.filter)).toEqual(expected);
      const file = await client.get(`${LEADS}/export?format=csv&header=api_name&view=${view.body.id}`);
      expect(file.status, file.text).toBe(200);
      const rows = parseCsv(file.text.replace(/^\uFEFF/, ""));
      expect(rows.slice(1).map((row) => row[0])).toEqual(expected);
    }
  });

  it("follows a move between departments at once", async () => {
    const moved = await app.admin.patch(`/api/users/${users.southRep!.id}`, {
      department_id: departments.eastOne,
    });
    expect(moved.status, moved.text).toBe(200);
    expect(await names(users.manager!.client, myTeam)).toEqual(["manager", "peer", "southRep", "sub"]);
    expect(await names(users.sub!.client, myTeam)).toEqual(["southRep", "sub"]);
    const back = await app.admin.patch(`/api/users/${users.southRep!.id}`, {
      department_id: departments.south,
    });
    expect(back.status, back.text).toBe(200);
  });

  it("costs no statement more than `$me`: the team is looked up inside the list's own query", async () => {
    const manager = users.manager!.client;
    const statements = async (filter: unknown) => {
      await names(manager, filter); // warm: the session and metadata are cached after the first request
      app.queries.length = 0;
      await names(manager, filter);
      return [...app.queries];
    };
    const mine = await statements({ owner_id: { eq: "$me" } });
    const team = await statements(myTeam);
    expect(team.length).toBe(mine.length);
    expect(team.filter((text) => /WITH RECURSIVE/i.test(text))).toHaveLength(1);
  });

  it("is refused in any other spelling, with the field that holds it", async () => {
    const response = await users.manager!.client.get(
      `${LEADS}?filter=${filterParam({ owner_id: { eq: "$team" } })}`,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.body.errors[0]).toMatchObject({ field: "filter.owner_id.eq", code: "invalid_format" });
  });
});
