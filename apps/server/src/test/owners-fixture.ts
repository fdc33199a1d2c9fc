import { afterAll, beforeAll, expect } from "vitest";
import { addField, createObject, label } from "./fixtures.ts";
import type { HttpClient } from "./http-client.ts";
import { startTestApp, type TestApp } from "./test-app.ts";

export interface LeadUser {
  id: string;
  client: HttpClient;
}

/** Three people on private leads: a rep (own leads only), a claimer (also the pool), a manager (transfers). */
export interface LeadWorld {
  rep: LeadUser;
  claimer: LeadUser;
  manager: LeadUser;
  /** Another user with the claimer's rights, to race them. */
  rival: LeadUser;
}

const WORK = { read: true, create: true, edit: true, delete: true };

/**
 * `lead` (private sharing; a required `name`, a `score`) and a role per kind of right ADR 0024 adds: `lead_rep`
 * works their own leads, `lead_claimer` may also claim from the pool, `lead_manager` holds transfer_records.
 */
export async function setUpLeads(app: TestApp): Promise<LeadWorld> {
  await createObject(app.admin, "lead", "线索", "Lead");
  await addField(app.admin, "lead", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "lead", { api_name: "score", type: "number" });
  const sharing = await app.admin.patch("/api/meta/objects/lead", { sharing_default: "private" });
  expect(sharing.status, sharing.text).toBe(200);
  const roles = {
    lead_rep: { objects: { lead: WORK } },
    lead_claimer: { objects: { lead: { ...WORK, claim: true } } },
    lead_manager: { objects: { lead: WORK }, system: { transfer_records: true } },
  };
  for (const [api_name, permissions] of Object.entries(roles)) {
    const role = await app.admin.post("/api/meta/roles", {
      api_name,
      labels: label(api_name, api_name),
      permissions,
    });
    expect(role.status, role.text).toBe(201);
  }
  const user = async (name: string, role: string): Promise<LeadUser> => {
    const email = `${name}-${Math.random().toString(36).slice(2, 8)}@keduo.test`;
    const created = await app.admin.post("/api/users", {
      email,
      name,
      password: "password-123",
      roles: [role],
    });
    expect(created.status, created.text).toBe(201);
    return { id: created.body.user.id, client: await app.login(email, "password-123") };
  };
  return {
    rep: await user("rep", "lead_rep"),
    claimer: await user("claimer", "lead_claimer"),
    manager: await user("manager", "lead_manager"),
    rival: await user("rival", "lead_claimer"),
  };
}

/** One server and one lead world per test file: `leads.app` and `leads.world` once `beforeAll` ran. */
export function leadsPerFile(): { app: TestApp; world: LeadWorld } {
  const leads = {} as { app: TestApp; world: LeadWorld };
  beforeAll(async () => {
    leads.app = await startTestApp();
    leads.world = await setUpLeads(leads.app);
  });
  afterAll(() => leads.app?.close());
  return leads;
}

/** A record's events in the outbox, oldest first. */
export function outboxOf(app: TestApp, recordId: string) {
  return app.database.db
    .selectFrom("outbox")
    .select(["event_type", "actor_id", "source", "cause_run_id", "cause_event_id", "depth", "payload"])
    .where("record_id", "=", recordId)
    .orderBy("id")
    .execute();
}
