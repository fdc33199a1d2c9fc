// The installation the cross-user probe attacks: two reps with private data of every kind, one of them (the
// attacker) with nothing but their own records and the role's rights. Every value of the victim's that must not
// reach the attacker is a canary: a unique random text (or number) searched for in every response.
import { randomBytes, randomInt } from "node:crypto";
import { expect } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient, HttpResponse } from "../../test/http-client.ts";
import type { TestApp } from "../../test/test-app.ts";

const PASSWORD = "password-123";
export const OBJECTS = ["customer", "deal"] as const;
/** The field of `customer` the rep role may not see. */
export const HIDDEN_FIELD = "secret";

export interface VictimWorld {
  attacker: HttpClient;
  /** Signs the attacker's client in again (after an operation ended its session). */
  relogin(): Promise<void>;
  victim: HttpClient;
  /** Texts the attacker must never receive, by name (the name goes into findings). */
  canaries: Record<string, string>;
  /** Ids of the victim's things of every kind, by name. */
  victimIds: Record<string, string>;
  /** The attacker's own things, used where a route needs a valid id of the caller's to reach the check. */
  own: {
    customer: string;
    deal: string;
    view: Record<string, string>;
    file: string;
    import: string;
    token: string;
    share: string;
  };
  /** What the victim's records look like to the admin after the setup; compared after the walk. */
  snapshot(): Promise<Record<string, unknown>>;
}

async function createUser(app: TestApp, name: string) {
  const email = `${name}@keduo.test`;
  const created = await app.admin.post("/api/users", { email, name, password: PASSWORD });
  expect(created.status, created.text).toBe(201);
  return { id: created.body.user.id as string, client: await app.login(email, PASSWORD) };
}

async function ok(response: Promise<HttpResponse>, status = 201) {
  const answered = await response;
  expect(answered.status, answered.text).toBe(status);
  return answered.body;
}

const relation = (target: string, inverse: string) => ({
  api_name: target,
  type: "relation",
  config: {
    relation: {
      target,
      cardinality: "many_to_one",
      inverse_name: inverse,
      inverse_labels: label(inverse, inverse),
    },
  },
});

async function createSchema(app: TestApp, hiddenLabel: string) {
  await createObject(app.admin, "customer", "客户", "Customer");
  await addField(app.admin, "customer", { api_name: "name", type: "text", required: true });
  // Its definition is as private as its values: the label is a canary too.
  await addField(app.admin, "customer", {
    api_name: HIDDEN_FIELD,
    type: "text",
    labels: label(hiddenLabel, hiddenLabel),
  });
  await addField(app.admin, "customer", { api_name: "files", type: "attachment" });
  await createObject(app.admin, "deal", "商机", "Deal");
  await addField(app.admin, "deal", { api_name: "title", type: "text", required: true });
  await addField(app.admin, "deal", { api_name: "amount", type: "number" });
  await addField(app.admin, "deal", relation("customer", "deals"));
  // A lookup into the related customer and a rollup over the related deals (system-scoped by default today).
  await addField(app.admin, "deal", {
    api_name: "cust_name",
    type: "formula",
    config: { expression: "customer.name" },
  });
  await addField(app.admin, "customer", {
    api_name: "pipeline",
    type: "formula",
    config: { expression: "SUM(deals.amount)" },
  });
  for (const object of OBJECTS) {
    await ok(app.admin.patch(`/api/meta/objects/${object}`, { sharing_default: "private" }), 200);
  }
  await ok(
    app.admin.patch("/api/meta/roles/member", {
      permissions: {
        default_objects: { read: true, create: true, edit: true, delete: true },
        fields: { customer: { [HIDDEN_FIELD]: "hidden" } },
      },
    }),
    200,
  );
}

async function upload(client: HttpClient, name: string, content: string) {
  return (await ok(
    client.request("POST", "/api/files", new TextEncoder().encode(content), {
      "content-type": "text/plain",
      "x-file-name": encodeURIComponent(name),
    }),
  )) as { id: string };
}

export async function buildVictimWorld(app: TestApp): Promise<VictimWorld> {
  const tag = randomBytes(5).toString("hex");
  const canaries = {
    "hidden-field": `hidden-${tag}`,
    "hidden-field-label": `hiddenlabel-${tag}`,
    "customer-name": `vcust-${tag}`,
    "deal-title": `vdeal-${tag}`,
    "deal-amount": String(randomInt(900_000_000, 999_999_999)),
    "file-content": `vfilebytes-${tag}`,
    "file-name": `vfilename-${tag}`,
    "view-name": `vview-${tag}`,
    "import-value": `vimport-${tag}`,
    "token-name": `vtoken-${tag}`,
    "notification-title": `vnotice-${tag}`,
  };
  await createSchema(app, canaries["hidden-field-label"]);
  const victim = await createUser(app, "victim");
  const attacker = await createUser(app, "attacker");
  const colleague = await createUser(app, "colleague");
  const v = victim.client;
  const a = attacker.client;

  const attachedFile = await upload(v, `${canaries["file-name"]}.txt`, canaries["file-content"]);
  const orphanFile = await upload(
    v,
    `${canaries["file-name"]}-orphan.txt`,
    `${canaries["file-content"]}-orphan`,
  );
  const revokedFile = await upload(
    v,
    `${canaries["file-name"]}-revoked.txt`,
    `${canaries["file-content"]}-revoked`,
  );
  const customer = await ok(
    v.post("/api/records/customer", { name: canaries["customer-name"], files: [{ id: attachedFile.id }] }),
  );
  const revokedCustomer = await ok(
    v.post("/api/records/customer", {
      name: `${canaries["customer-name"]}-2`,
      files: [{ id: revokedFile.id }],
    }),
  );
  const deal = await ok(
    v.post("/api/records/deal", { title: canaries["deal-title"], amount: 1, customer: customer.id }),
  );
  const rolledUpDeal = await ok(
    v.post("/api/records/deal", {
      title: `${canaries["deal-title"]}-2`,
      amount: Number(canaries["deal-amount"]),
    }),
  );

  const ownCustomer = await ok(a.post("/api/records/customer", { name: "attacker's customer" }));
  const ownDeal = await ok(a.post("/api/records/deal", { title: "attacker's deal", amount: 3 }));
  // The admin wires the two reps' records together, as a reassignment would: the attacker's deal looks into the
  // victim's customer (lookup), the victim's deal is summed on the attacker's customer (rollup).
  for (const [object, id, values] of [
    ["customer", customer.id, { [HIDDEN_FIELD]: canaries["hidden-field"] }],
    ["customer", revokedCustomer.id, { [HIDDEN_FIELD]: canaries["hidden-field"] }],
    ["customer", ownCustomer.id, { [HIDDEN_FIELD]: canaries["hidden-field"] }],
    ["deal", ownDeal.id, { customer: customer.id }],
    ["deal", rolledUpDeal.id, { customer: ownCustomer.id }],
  ] as const) {
    await ok(app.admin.patch(`/api/records/${object}/${id}`, values), 200);
  }

  // A share granted to the attacker, used, then revoked; and one to a colleague that stays.
  const revokedShare = await ok(
    v.post(`/api/records/customer/${revokedCustomer.id}/shares`, {
      grantee_kind: "user",
      grantee_id: attacker.id,
      access: "edit",
    }),
  );
  await ok(a.get(`/api/records/customer/${revokedCustomer.id}`), 200);
  await ok(v.delete(`/api/records/customer/${revokedCustomer.id}/shares/${revokedShare.id}`), 204);
  expect((await a.get(`/api/records/customer/${revokedCustomer.id}`)).status).toBe(404);
  const liveShare = await ok(
    v.post(`/api/records/customer/${customer.id}/shares`, {
      grantee_kind: "user",
      grantee_id: colleague.id,
      access: "read",
    }),
  );
  const ownShare = await ok(
    a.post(`/api/records/customer/${ownCustomer.id}/shares`, {
      grantee_kind: "user",
      grantee_id: colleague.id,
      access: "read",
    }),
  );

  const filter = { name: { eq: canaries["customer-name"] } };
  const view = await ok(v.post("/api/views/customer", { name: canaries["view-name"], filter }));
  const ownView: Record<string, string> = {};
  for (const object of OBJECTS)
    ownView[object] = (await ok(a.post(`/api/views/${object}`, { name: "mine" }))).id;
  const csv = (value: string) => new TextEncoder().encode(`name\n${value}\n`);
  const importUpload = (client: HttpClient, value: string) =>
    ok(
      client.request("POST", "/api/imports?object=customer", csv(value), {
        "content-type": "text/csv",
        "x-file-name": "customers.csv",
      }),
    );
  const victimImport = await importUpload(v, canaries["import-value"]);
  const ownImport = await importUpload(a, "attacker import");
  const token = await ok(v.post("/api/auth/tokens", { name: canaries["token-name"] }));
  const ownToken = await ok(a.post("/api/auth/tokens", { name: "attacker token" }));
  const ownFile = await upload(a, "mine.txt", "attacker's bytes");
  // An unread notification of the victim's about their customer (automations write them; no route does).
  const notice = canaries["notification-title"];
  await app.server.notifications.notify(app.database.db, {
    recipients: [victim.id],
    title: { "zh-CN": notice, en: notice },
    body: { "zh-CN": notice, en: notice },
    link: { object: "customer", recordId: customer.id },
  });
  const [notification] = (await ok(v.get("/api/notifications"), 200)).notifications;

  // The probe is only meaningful if the attacker really cannot read any of this through the front door.
  for (const id of [customer.id, revokedCustomer.id]) {
    expect((await a.get(`/api/records/customer/${id}`)).status).toBe(404);
  }
  expect((await a.get(`/api/records/deal/${deal.id}`)).status).toBe(404);
  expect((await a.get(`/api/files/${attachedFile.id}`)).status).toBe(404);

  const victimIds = {
    customer: customer.id,
    "revoked-customer": revokedCustomer.id,
    deal: deal.id,
    "rolled-up-deal": rolledUpDeal.id,
    "attached-file": attachedFile.id,
    "orphan-file": orphanFile.id,
    "revoked-file": revokedFile.id,
    "live-share": liveShare.id,
    "revoked-share": revokedShare.id,
    view: view.id,
    import: victimImport.id,
    token: token.id,
    user: victim.id,
    notification: notification.id,
  };
  const snapshot = async () => {
    const state: Record<string, unknown> = {};
    for (const [object, name] of [
      ["customer", "customer"],
      ["customer", "revoked-customer"],
      ["deal", "deal"],
      ["deal", "rolled-up-deal"],
    ] as const) {
      const {
        version,
        owner_id,
        name: n,
        title,
        files,
        customer: c,
      } = (await app.admin.get(`/api/records/${object}/${victimIds[name]}`)).body;
      state[name] = { version, owner_id, name: n, title, files, customer: c };
    }
    for (const name of ["attached-file", "orphan-file", "revoked-file"] as const) {
      state[name] = (await v.get(`/api/files/${victimIds[name]}`)).text;
    }
    state.shares = (await v.get(`/api/records/customer/${customer.id}/shares`)).body;
    state.view = (await v.get(`/api/views/customer/${view.id}`)).body;
    state.import = (await v.get(`/api/imports/${victimImport.id}`)).body?.status;
    state.token = (await v.get("/api/auth/tokens")).body;
    state.notifications = (await v.get("/api/notifications")).body;
    state.victim = (await app.admin.get(`/api/users/${victim.id}`)).body;
    return state;
  };
  return {
    attacker: a,
    relogin: async () => {
      await a.login("attacker@keduo.test", PASSWORD);
    },
    victim: v,
    canaries,
    victimIds,
    own: {
      customer: ownCustomer.id,
      deal: ownDeal.id,
      view: ownView,
      file: ownFile.id,
      import: ownImport.id,
      token: ownToken.id,
      share: ownShare.id,
    },
    snapshot,
  };
}
