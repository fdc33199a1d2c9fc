import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { DirectoryService } from "./index.ts";

let app: TestApp;
let directory: DirectoryService;
const user: Record<string, string> = {};
const dept: Record<string, string> = {};

async function createDepartment(key: string, body: Record<string, unknown>) {
  const response = await app.admin.post("/api/org/departments", body);
  expect(response.status, response.text).toBe(201);
  dept[key] = response.body.id;
}

async function createUser(key: string, placement: { department?: string; manager?: string }) {
  const response = await app.admin.post("/api/users", {
    email: `${key.toLowerCase()}@keduo.test`,
    name: key,
    password: "password-123",
    department_id: placement.department ? dept[placement.department] : null,
    manager_id: placement.manager ? user[placement.manager] : null,
  });
  expect(response.status, response.text).toBe(201);
  user[key] = response.body.user.id;
}

/** The statements one directory question sent: it must be one, however deep the tree. */
async function counted<T>(question: () => Promise<T>): Promise<{ answer: T; statements: number }> {
  app.queries.length = 0;
  const answer = await question();
  return { answer, statements: app.queries.length };
}

const ids = (users: Array<{ id: string }>) => users.map((u) => u.id);

beforeAll(async () => {
  app = await startTestApp();
  directory = new DirectoryService({ schemas: app.database.schemas });
  // 总部 ⊃ 华东 ⊃ 华东一组 ⊃ 华东一组A; 华南 beside 华东. Heads are named once the users exist.
  await createDepartment("hq", { name: "总部" });
  await createDepartment("east", { name: "华东", parent_id: dept.hq });
  await createDepartment("eastTeam", { name: "华东一组", parent_id: dept.east });
  await createDepartment("eastTeamA", { name: "华东一组A", parent_id: dept.eastTeam });
  await createDepartment("south", { name: "华南", parent_id: dept.hq });
  await createUser("Ceo", { department: "hq" });
  await createUser("EastHead", { department: "east", manager: "Ceo" });
  await createUser("Lead", { department: "eastTeam", manager: "EastHead" });
  await createUser("Rep", { department: "eastTeamA", manager: "Lead" });
  await createUser("Leaver", { department: "eastTeam", manager: "Lead" });
  await createUser("SouthRep", { department: "south", manager: "Ceo" });
  await createUser("Freelancer", {});
  expect((await app.admin.patch(`/api/users/${user.Leaver}`, { status: "disabled" })).status).toBe(200);
  for (const [department, head] of [
    ["hq", "Ceo"],
    ["east", "EastHead"],
  ] as const) {
    const response = await app.admin.patch(`/api/org/departments/${dept[department]}`, {
      head_user_id: user[head],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.head_user_id).toBe(user[head]);
  }
});

afterAll(() => app?.close());

describe("managers up the chain", () => {
  it("finds the manager N levels up in one statement, and null past the top", async () => {
    for (const [levels, expected] of [
      [1, user.Lead],
      [2, user.EastHead],
      [3, user.Ceo],
      [4, undefined],
    ] as const) {
      const { answer, statements } = await counted(() =>
        directory.managerOf(app.database.db, user.Rep!, levels),
      );
      expect(answer?.id).toBe(expected);
      expect(statements).toBe(1);
    }
    expect(await directory.managerOf(app.database.db, user.Ceo!)).toBeNull();
    expect(await directory.managerOf(app.database.db, user.Rep!, 0)).toBeNull();
  });

  it("lists the whole chain nearest first, bounded by the levels asked", async () => {
    const { answer, statements } = await counted(() => directory.managersOf(app.database.db, user.Rep!));
    expect(ids(answer)).toEqual([user.Lead, user.EastHead, user.Ceo]);
    expect(answer[0]).toMatchObject({ name: "Lead", departmentId: dept.eastTeam, managerId: user.EastHead });
    expect(statements).toBe(1);
    expect(ids(await directory.managersOf(app.database.db, user.Rep!, 2))).toEqual([
      user.Lead,
      user.EastHead,
    ]);
    expect(await directory.managersOf(app.database.db, user.Freelancer!)).toEqual([]);
  });
});

describe("department heads", () => {
  it("answers the head of the user's department, or of the nearest department above that has one", async () => {
    // 华东一组A and 华东一组 have no head: the rep's head is 华东's.
    const { answer, statements } = await counted(() =>
      directory.departmentHeadOf(app.database.db, user.Rep!),
    );
    expect(answer).toMatchObject({ departmentId: dept.east, head: { id: user.EastHead, active: true } });
    expect(statements).toBe(1);
    expect((await directory.departmentHeadOf(app.database.db, user.SouthRep!))?.head.id).toBe(user.Ceo);
    expect(await directory.departmentHeadOf(app.database.db, user.Freelancer!)).toBeNull();
  });

  it("gives a head their own department, and the chain above to look past themselves", async () => {
    expect((await directory.departmentHeadOf(app.database.db, user.EastHead!))?.head.id).toBe(user.EastHead);
    const { answer, statements } = await counted(() =>
      directory.departmentHeadsOf(app.database.db, user.EastHead!),
    );
    expect(answer.map((h) => [h.departmentId, h.head.id])).toEqual([
      [dept.east, user.EastHead],
      [dept.hq, user.Ceo],
    ]);
    expect(statements).toBe(1);
  });
});

describe("department members", () => {
  it("lists a department's members, with every sub-department's when asked, in one statement", async () => {
    const all = await counted(() =>
      directory.departmentMembers(app.database.db, dept.east!, { includeSubdepartments: true }),
    );
    expect(all.answer.map((u) => u.name)).toEqual(["EastHead", "Lead", "Leaver", "Rep"]);
    expect(all.answer.find((u) => u.name === "Leaver")?.active).toBe(false);
    expect(all.statements).toBe(1);
    const own = await directory.departmentMembers(app.database.db, dept.east!, {
      includeSubdepartments: false,
    });
    expect(ids(own)).toEqual([user.EastHead]);
    const hq = await directory.departmentMembers(app.database.db, dept.hq!, { includeSubdepartments: true });
    expect(hq).toHaveLength(6);
  });

  it("answers inside a write's transaction on the transaction itself", async () => {
    // On PGlite a query on the pool inside a transaction would wait forever: the executor is the caller's.
    const members = await app.database.db
      .transaction()
      .execute((trx) => directory.departmentMembers(trx, dept.eastTeam!, { includeSubdepartments: false }));
    expect(members.map((u) => u.name)).toEqual(["Lead", "Leaver"]);
  });
});

describe("department heads over HTTP", () => {
  it("refuses a head who is not a user, like a missing parent", async () => {
    const response = await app.admin.patch(`/api/org/departments/${dept.south}`, {
      head_user_id: "0190a000-0000-7000-8000-0000000000ff",
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: "head_user_id", code: "invalid_reference" }),
    ]);
  });

  it("creates a department with a head, lists it, and clears the head", async () => {
    const created = await app.admin.post("/api/org/departments", {
      name: "华北",
      parent_id: dept.hq,
      head_user_id: user.SouthRep,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.head_user_id).toBe(user.SouthRep);
    const listed = (await app.admin.get("/api/org/departments")).body.departments;
    expect(listed.find((d: { id: string }) => d.id === created.body.id).head_user_id).toBe(user.SouthRep);
    const cleared = await app.admin.patch(`/api/org/departments/${created.body.id}`, { head_user_id: null });
    expect(cleared.body.head_user_id).toBeNull();
  });

  it("still refuses to move a department under its own descendant, checked in one statement", async () => {
    app.queries.length = 0;
    const response = await app.admin.patch(`/api/org/departments/${dept.hq}`, { parent_id: dept.eastTeamA });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: "parent_id", code: "invalid_value" }),
    ]);
    // The walk up from the new parent is one recursive statement, not one query per level.
    expect(app.queries.filter((q) => q.includes("WITH RECURSIVE"))).toHaveLength(1);
  });
});
