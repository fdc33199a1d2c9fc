import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
const users: Record<string, { id: string; client: HttpClient }> = {};
const records: Record<string, string> = {};
const MISSING = "0190a000-0000-7000-8000-0000000000ff";
const CANARY = "CANARY-margin-7f3a";

type Who = "rep" | "peer" | "manager" | "otherManager" | "readOnly" | "admin";
type Target = "own" | "peers" | "unshared" | "byRule" | "manually" | "missing";

// Expected outcome per principal and record (the record names are from the rep's point of view:
// "own" is the rep's, "peers" the peer's — the manager's subordinates both).
const READ: Record<Who, Record<Target, boolean>> = {
  rep: { own: true, peers: false, unshared: false, byRule: true, manually: true, missing: false },
  peer: { own: false, peers: true, unshared: false, byRule: true, manually: false, missing: false },
  manager: { own: true, peers: true, unshared: false, byRule: true, manually: false, missing: false },
  otherManager: { own: false, peers: false, unshared: true, byRule: true, manually: true, missing: false },
  readOnly: { own: true, peers: true, unshared: true, byRule: true, manually: true, missing: false },
  admin: { own: true, peers: true, unshared: true, byRule: true, manually: true, missing: false },
};
const EDIT: Record<Who, Record<Target, boolean>> = {
  rep: { own: true, peers: false, unshared: false, byRule: false, manually: true, missing: false },
  peer: { own: false, peers: true, unshared: false, byRule: false, manually: false, missing: false },
  manager: { own: true, peers: true, unshared: false, byRule: false, manually: false, missing: false },
  otherManager: { own: false, peers: false, unshared: true, byRule: true, manually: true, missing: false },
  readOnly: { own: false, peers: false, unshared: false, byRule: false, manually: false, missing: false },
  admin: { own: true, peers: true, unshared: true, byRule: true, manually: true, missing: false },
};
const WHO = Object.keys(READ) as Who[];
const TARGETS = Object.keys(READ.rep) as Target[];
const idOf = (target: Target) => (target === "missing" ? MISSING : records[target]!);

async function createUser(key: string, body: Record<string, unknown>) {
  const email = `${key.toLowerCase()}@keduo.test`;
  const response = await app.admin.post("/api/users", {
    email,
    name: key,
    password: "password-123",
    ...body,
  });
  expect(response.status, response.text).toBe(201);
  const client = await app.login(email, "password-123");
  users[key] = { id: response.body.user.id, client };
  return users[key]!;
}

beforeAll(async () => {
  app = await startTestApp();
  const dept = async (name: string, parent_id?: string) =>
    (await app.admin.post("/api/org/departments", { name, ...(parent_id ? { parent_id } : {}) })).body
      .id as string;
  const east = await dept("华东");
  const eastTeam = await dept("华东一组", east);
  const south = await dept("华南");

  await createObject(app.admin, "deal", "商机", "Deal");
  await addField(app.admin, "deal", { api_name: "title", type: "text", required: true });
  await addField(app.admin, "deal", { api_name: "region", type: "text" });
  await addField(app.admin, "deal", { api_name: "margin", type: "text" });
  await addField(app.admin, "deal", { api_name: "stage", type: "text" });
  await createObject(app.admin, "note", "备注", "Note");
  await addField(app.admin, "note", { api_name: "body", type: "text" });
  await addField(app.admin, "note", {
    api_name: "deal",
    type: "relation",
    config: {
      relation: {
        target: "deal",
        cardinality: "many_to_one",
        inverse_name: "notes",
        inverse_labels: label("备注", "Notes"),
      },
    },
  });
  expect((await app.admin.patch("/api/meta/objects/deal", { sharing_default: "private" })).status).toBe(200);
  // Reps work with deals but never see the margin and cannot change the stage by hand.
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      fields: { deal: { margin: "hidden", stage: "read_only" } },
    },
  });
  expect(member.status, member.text).toBe(200);
  const readOnlyRole = await app.admin.post("/api/meta/roles", {
    api_name: "auditor",
    labels: label("审计", "Auditor"),
    permissions: { default_objects: { read: true, view_all: true } },
  });
  expect(readOnlyRole.status, readOnlyRole.text).toBe(201);

  const manager = await createUser("manager", { department_id: east });
  await createUser("rep", { department_id: eastTeam, manager_id: manager.id });
  await createUser("peer", { department_id: eastTeam, manager_id: manager.id });
  await createUser("otherManager", { department_id: south });
  await createUser("readOnly", { roles: ["auditor"] });
  await createUser("disabled", {});
  users.admin = { id: "", client: app.admin };
  for (const key of ["rep", "peer", "manager", "otherManager"]) users[key]!.client.mustNotSee = [CANARY];

  const make = async (who: string, values: Record<string, unknown>) => {
    const response = await users[who]!.client.post("/api/records/deal", values);
    expect(response.status, response.text).toBe(201);
    return response.body.id as string;
  };
  records.own = await make("rep", { title: "rep's deal", region: "east" });
  records.peers = await make("peer", { title: "peer's deal", region: "east" });
  records.unshared = await make("otherManager", { title: "south only", region: "south" });
  records.byRule = await make("otherManager", { title: "south, shared with east", region: "shared-east" });
  records.manually = await make("otherManager", { title: "shared with rep", region: "south" });
  // The admin writes the hidden margin (reps could not) — canaries that must never reach a rep.
  for (const id of Object.values(records)) {
    expect((await app.admin.patch(`/api/records/deal/${id}`, { margin: `${CANARY}-${id}` })).status).toBe(
      200,
    );
  }
  const rule = await app.admin.post("/api/meta/objects/deal/sharing-rules", {
    name: "east sees shared-east deals",
    filter: { region: { eq: "shared-east" } },
    grantee_kind: "department",
    grantee_id: east,
    access: "read",
  });
  expect(rule.status, rule.text).toBe(201);
  const share = await users.otherManager!.client.post(`/api/records/deal/${records.manually}/shares`, {
    grantee_kind: "user",
    grantee_id: users.rep!.id,
    access: "edit",
  });
  expect(share.status, share.text).toBe(201);
  for (const [target, id] of Object.entries(records)) {
    await app.admin.post("/api/records/note", { body: `note on ${target}`, deal: id });
  }
});
afterAll(() => app?.close());

describe("record-level access on every path", () => {
  it.each(WHO)(
    "%s reads exactly what the sharing model allows (get, list, count, expand, history)",
    async (who) => {
      const client = users[who]!.client;
      const listed = (await client.get("/api/records/deal?limit=100&count=true")).body;
      const listedIds = listed.records.map((r: { id: string }) => r.id);
      for (const target of TARGETS) {
        const expected = READ[who][target];
        expect((await client.get(`/api/records/deal/${idOf(target)}`)).status, `${who} GET ${target}`).toBe(
          expected ? 200 : 404,
        );
        expect(
          (await client.get(`/api/records/deal/${idOf(target)}/history`)).status,
          `${who} history ${target}`,
        ).toBe(expected ? 200 : 404);
        if (target !== "missing")
          expect(listedIds.includes(idOf(target)), `${who} list ${target}`).toBe(expected);
      }
      expect(listed.total).toBe(TARGETS.filter((t) => READ[who][t]).length);
      const notes = (await client.get("/api/records/note?expand=deal&limit=100")).body.records;
      for (const note of notes) {
        const target = (note.body as string).replace("note on ", "") as Target;
        expect(note.deal === null ? false : note.deal.id === idOf(target), `${who} expand ${target}`).toBe(
          READ[who][target],
        );
      }
      const filtered = await client.post("/api/records/deal/query", {
        filter: { region: { eq: "south" } },
        count: true,
      });
      expect(filtered.body.total).toBe(["unshared", "manually"].filter((t) => READ[who][t as Target]).length);
    },
  );

  it.each(WHO)("%s changes exactly what the sharing model allows (patch, delete, bulk)", async (who) => {
    const client = users[who]!.client;
    for (const target of TARGETS) {
      const canRead = READ[who][target];
      const canEdit = EDIT[who][target];
      // A stale If-Match proves authorization without changing anything: allowed → 412, else 403/404.
      const allowed = 412;
      // Without the object's edit permission at all, every record answers 403 (nothing about rows is revealed).
      const expected = who === "readOnly" ? 403 : canEdit ? allowed : canRead ? 403 : 404;
      const patch = await client.patch(
        `/api/records/deal/${idOf(target)}`,
        { title: "x" },
        { "if-match": '"999"' },
      );
      expect(patch.status, `${who} PATCH ${target}`).toBe(expected);
      const remove = await client.delete(`/api/records/deal/${idOf(target)}`, { "if-match": '"999"' });
      expect(remove.status, `${who} DELETE ${target}`).toBe(expected);
    }
    for (const target of TARGETS) {
      const canRead = READ[who][target];
      const canEdit = EDIT[who][target];
      // Restoring a live record: allowed callers learn it is not deleted (409), others get 403/404 first.
      const restore = await client.post(`/api/records/deal/${idOf(target)}/restore`);
      const restoreExpected = who === "readOnly" ? 403 : canEdit ? 409 : canRead ? 403 : 404;
      expect(restore.status, `${who} restore ${target}`).toBe(restoreExpected);
      // Managing shares: editable, and owned by the caller or with manage_sharing / modify-all.
      const owns =
        (who === "rep" && target === "own") ||
        (who === "peer" && target === "peers") ||
        (who === "otherManager" && ["unshared", "byRule", "manually"].includes(target));
      const shares = await client.get(`/api/records/deal/${idOf(target)}/shares`);
      const sharesExpected = !canRead ? 404 : canEdit && (owns || who === "admin") ? 200 : 403;
      expect(shares.status, `${who} shares ${target}`).toBe(sharesExpected);
    }
    // A bulk update touching one forbidden record changes nothing at all.
    if (who === "rep") {
      const bulk = await client.patch("/api/records/deal/bulk", {
        records: [
          { id: records.own, title: "bulk" },
          { id: records.unshared, title: "bulk" },
        ],
      });
      expect(bulk.status).toBe(404);
      expect((await client.get(`/api/records/deal/${records.own}`)).body.title).not.toBe("bulk");
    }
  });

  it("refuses every record route to anonymous callers and disabled users, at once", async () => {
    const disabled = users.disabled!;
    expect((await disabled.client.get(`/api/records/deal`)).status).toBe(200);
    const token = (await disabled.client.post("/api/auth/tokens", { name: "t" })).body.token;
    expect((await app.admin.patch(`/api/users/${disabled.id}`, { status: "disabled" })).status).toBe(200);
    const tokenClient = app.anonymous.withToken(token);
    for (const client of [app.anonymous, disabled.client, tokenClient]) {
      expect((await client.get("/api/records/deal")).status).toBe(401);
      expect((await client.get(`/api/records/deal/${records.own}`)).status).toBe(401);
      expect((await client.patch(`/api/records/deal/${records.own}`, { title: "x" })).status).toBe(401);
      expect((await client.get(`/api/records/deal/${records.own}/history`)).status).toBe(401);
    }
  });
});

describe("field-level security", () => {
  it("leaves hidden fields out of every shape and answers filters and sorts on them like unknown fields", async () => {
    const rep = users.rep!.client;
    const record = (await rep.get(`/api/records/deal/${records.own}`)).body;
    expect(record).not.toHaveProperty("margin");
    expect(record).toHaveProperty("stage");
    const unknown = await rep.get(
      `/api/records/deal?filter=${encodeURIComponent(JSON.stringify({ nosuch: { eq: "x" } }))}`,
    );
    const hidden = await rep.get(
      `/api/records/deal?filter=${encodeURIComponent(JSON.stringify({ margin: { eq: "x" } }))}`,
    );
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0].code).toBe(unknown.body.errors[0].code);
    expect((await rep.get("/api/records/deal?sort=margin")).body.code).toBe(
      (await rep.get("/api/records/deal?sort=nosuch")).body.code,
    );
    expect((await rep.get("/api/records/deal?fields=margin")).status).toBe(400);
    const openapi = (await rep.get("/api/openapi.json")).body;
    expect(openapi.components.schemas.Record_deal.properties).not.toHaveProperty("margin");
    expect(openapi.components.schemas.Record_deal.properties).toHaveProperty("stage");
    const adminDocument = (await app.admin.get("/api/openapi.json")).body;
    expect(adminDocument.components.schemas.Record_deal.properties).toHaveProperty("margin");
  });

  it("rejects writes to hidden and read-only fields with field errors", async () => {
    const rep = users.rep!.client;
    const hidden = await rep.patch(`/api/records/deal/${records.own}`, { margin: "42%" });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors).toContainEqual(
      expect.objectContaining({ field: "margin", code: "unknown_field" }),
    );
    const readOnly = await rep.patch(`/api/records/deal/${records.own}`, { stage: "won" });
    expect(readOnly.body.errors).toContainEqual(
      expect.objectContaining({ field: "stage", code: "read_only" }),
    );
    const ownerChange = await rep.patch(`/api/records/deal/${records.own}`, { owner_id: users.peer!.id });
    expect(ownerChange.body.errors).toContainEqual(
      expect.objectContaining({ field: "owner_id", code: "system_field" }),
    );
  });

  it("shows field history without hidden fields", async () => {
    const history = await users.rep!.client.get(`/api/records/deal/${records.own}/history`);
    expect(history.status).toBe(200);
    expect(history.body.entries.length).toBeGreaterThanOrEqual(2);
    for (const entry of history.body.entries) expect(entry.changes).not.toHaveProperty("margin");
    const adminView = await app.admin.get(`/api/records/deal/${records.own}/history`);
    expect(
      adminView.body.entries.some((e: { changes: Record<string, unknown> }) => "margin" in e.changes),
    ).toBe(true);
  });
});

describe("ownership transfer", () => {
  it("lets an owner hand records on, refuses others without the permission", async () => {
    const extra = (
      await users.rep!.client.post("/api/records/deal/bulk", { records: [{ title: "t1" }, { title: "t2" }] })
    ).body.records;
    const ids = extra.map((r: { id: string }) => r.id);
    expect(
      (await users.manager!.client.post("/api/records/deal/transfer", { ids, owner_id: users.peer!.id }))
        .status,
    ).toBe(403);
    const moved = await users.rep!.client.post("/api/records/deal/transfer", {
      ids,
      owner_id: users.peer!.id,
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.records.every((r: { owner_id: string }) => r.owner_id === users.peer!.id)).toBe(true);
    // The rep no longer owns them and the deal object is private: they are gone from the rep's view.
    expect((await users.rep!.client.get(`/api/records/deal/${ids[0]}`)).status).toBe(404);
    expect((await users.peer!.client.get(`/api/records/deal/${ids[0]}`)).status).toBe(200);
  });
});

describe("audit log", () => {
  const countAudit = async () =>
    Number(
      (
        await app.database.db
          .selectFrom("audit_log")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("action", "like", "record.%")
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("has one row per committed record change and none for rolled-back ones", async () => {
    const before = await countAudit();
    await app.admin.post("/api/records/deal/bulk", { records: [{ title: "a" }, { title: 5 }] }); // rejected
    await app.admin.post("/api/records/deal/bulk", {
      records: [{ title: "a" }, { title: "b" }, { title: "c" }],
    });
    const created = (await app.admin.post("/api/records/deal", { title: "d" })).body;
    await app.admin.patch(`/api/records/deal/${created.id}`, { title: "e" }, { "if-match": '"7"' }); // 412
    await app.admin.patch(`/api/records/deal/${created.id}`, { title: "e" });
    await app.admin.delete(`/api/records/deal/${created.id}`);
    expect((await countAudit()) - before).toBe(6);
    const entries = (await app.admin.get(`/api/audit-log?record_id=${created.id}`)).body.entries;
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      "record.delete",
      "record.update",
      "record.create",
    ]);
    expect(entries[1].changes.title).toEqual({ from: "d", to: "e" });
    const login = (await app.admin.get("/api/audit-log?action=auth.login_success&limit=1")).body.entries;
    expect(login).toHaveLength(1);
    expect((await users.rep!.client.get("/api/audit-log")).status).toBe(403);
  });

  it("rejects UPDATE, DELETE and TRUNCATE on the audit table, even from the server's superuser connection", async () => {
    const table = sql.id(app.database.schemas.system, "audit_log");
    await expect(sql`UPDATE ${table} SET action = 'tampered'`.execute(app.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM ${table}`.execute(app.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE ${table}`.execute(app.database.db)).rejects.toThrow(/append-only/);
  });

  it("redacts a record's values for PIPL erasure and audits the redaction", async () => {
    const response = await app.admin.post("/api/audit-log/redact", {
      object: "deal",
      record_id: records.own,
      reason: "PIPL erasure request #12",
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.redacted).toBeGreaterThan(0);
    const history = (await app.admin.get(`/api/audit-log?record_id=${records.own}&limit=100`)).body.entries;
    expect(history[0].action).toBe("audit.redact");
    expect(JSON.stringify(history)).not.toContain("rep's deal");
    expect(JSON.stringify(history)).not.toContain(CANARY);
  });
});

describe("department fields", () => {
  it("stores single and multiple departments and refuses unknown ones", async () => {
    await addField(app.admin, "note", { api_name: "owner_dept", type: "department" });
    await addField(app.admin, "note", { api_name: "teams", type: "department", config: { multiple: true } });
    const departments = (await app.admin.get("/api/org/departments")).body.departments.map(
      (d: { id: string }) => d.id,
    );
    const created = await app.admin.post("/api/records/note", {
      body: "d",
      owner_dept: departments[0],
      teams: departments.slice(0, 2),
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ owner_dept: departments[0], teams: departments.slice(0, 2) });
    const badSingle = await app.admin.post("/api/records/note", { body: "d", owner_dept: MISSING });
    expect(badSingle.body.errors).toContainEqual(
      expect.objectContaining({ field: "owner_dept", code: "invalid_reference" }),
    );
    const badList = await app.admin.post("/api/records/note", {
      body: "d",
      teams: [departments[0], MISSING],
    });
    expect(badList.body.errors).toContainEqual(
      expect.objectContaining({ field: "teams", code: "invalid_reference" }),
    );
    const filtered = await app.admin.get(
      `/api/records/note?filter=${encodeURIComponent(JSON.stringify({ owner_dept: { eq: departments[0] } }))}`,
    );
    expect(filtered.body.records.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
  });
});

describe("scoped API tokens", () => {
  it("lets a read-scoped token read what its user may, and change nothing", async () => {
    const rep = users.rep!.client;
    const created = await rep.post("/api/auth/tokens", { name: "reporting", scopes: ["read"] });
    expect(created.status, created.text).toBe(201);
    expect(created.body.scopes).toEqual(["read"]);
    const token = app.anonymous.withToken(created.body.token);
    token.mustNotSee = [CANARY];
    expect((await token.get(`/api/records/deal/${records.own}`)).status).toBe(200);
    expect((await token.get(`/api/records/deal/${records.unshared}`)).status).toBe(404);
    const write = await token.patch(`/api/records/deal/${records.own}`, { title: "via token" });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe("TOKEN_SCOPE_INSUFFICIENT");
    expect((await token.post("/api/records/deal", { title: "x" })).status).toBe(403);
    // A read-only token cannot mint itself a stronger one.
    expect(
      (await token.post("/api/auth/tokens", { name: "escalate", scopes: ["read", "write"] })).status,
    ).toBe(403);
  });
});

describe("attachments follow the records that hold them", () => {
  it("lets the uploader and readers of a holding record download a file, and nobody else", async () => {
    await addField(app.admin, "deal", { api_name: "contract", type: "attachment" });
    const upload = await users.otherManager!.client.request("POST", "/api/files", new Uint8Array([7, 7, 7]), {
      "content-type": "application/pdf",
      "x-file-name": "contract.pdf",
    });
    expect(upload.status, upload.text).toBe(201);
    const fileId = upload.body.id;
    // Not attached yet: only the uploader may fetch it.
    expect((await users.otherManager!.client.get(`/api/files/${fileId}/meta`)).status).toBe(200);
    expect((await users.rep!.client.get(`/api/files/${fileId}/meta`)).status).toBe(404);
    const attached = await users.otherManager!.client.patch(`/api/records/deal/${records.unshared}`, {
      contract: [fileId],
    });
    expect(attached.status, attached.text).toBe(200);
    for (const who of WHO) {
      const expected = READ[who].unshared || who === "otherManager" ? 200 : 404;
      expect((await users[who]!.client.get(`/api/files/${fileId}`)).status, `${who} download`).toBe(expected);
      expect((await users[who]!.client.get(`/api/files/${fileId}/meta`)).status, `${who} meta`).toBe(
        expected,
      );
    }
  });
});
