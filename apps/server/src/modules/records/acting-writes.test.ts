import { KeduoError } from "@keduo/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type LeadWorld, leadsPerFile, outboxOf } from "../../test/owners-fixture.ts";
import type { TestApp } from "../../test/test-app.ts";
import { testEngine } from "../../test/test-app.ts";
import { queryAudit } from "../audit/index.ts";
import type { WriteActor } from "./index.ts";

const leads = leadsPerFile();
let app: TestApp;
let world: LeadWorld;
beforeAll(() => {
  ({ app, world } = leads);
});

const automation = (description: string) =>
  ({ source: "automation", causation: { runId: "run-7", eventId: 41, depth: 1 }, description }) as const;
const approval = { source: "approval", description: "approval 0190: discount approved" } as const;

/** A record's audit rows as the audit API reads them, oldest first. */
async function auditOf(recordId: string) {
  const { entries } = await queryAudit(app.database.db, { recordId, limit: 100 });
  return entries.reverse().map(({ action, actor_id, via, details }) => ({
    action,
    actor_id,
    via,
    details: details as Record<string, unknown> | null,
  }));
}

async function refusal(write: Promise<unknown>): Promise<string> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeduoError);
  return (error as KeduoError).code;
}

describe(`writing as the system (${testEngine})`, () => {
  const system: WriteActor = { kind: "system", reason: automation("automation 'Pool new leads'") };

  it("creates unowned records with no author, and says what wrote them and why", async () => {
    const [lead] = await app.server.records.as(system).create("lead", [{ name: "系统线索" }]);
    expect(lead).toMatchObject({ owner_id: null, created_by: null, updated_by: null });
    const id = String(lead!.id);
    expect(await auditOf(id)).toEqual([
      {
        action: "record.create",
        actor_id: null,
        via: "system",
        details: {
          version: 1,
          source: "automation",
          reason: "automation 'Pool new leads'",
          causation: { runId: "run-7", eventId: 41, depth: 1 },
        },
      },
    ]);
    expect(await outboxOf(app, id)).toEqual([
      expect.objectContaining({
        event_type: "record.created",
        actor_id: null,
        source: "automation",
        cause_run_id: "run-7",
        cause_event_id: 41,
        depth: 1,
      }),
    ]);
  });

  it("has every right: names owners, changes records no user shares, removes for good", async () => {
    const acting = app.server.records.as(system);
    const [lead] = await acting.create("lead", [{ name: "分配", owner_id: world.rep.id }]);
    const id = String(lead!.id);
    expect(lead!.owner_id).toBe(world.rep.id);
    const [updated] = await acting.update("lead", [{ id, values: { score: 3 } }]);
    expect(updated).toMatchObject({ score: 3, updated_by: null, owner_id: world.rep.id });
    const [moved] = await acting.transfer("lead", [id], world.manager.id);
    expect(moved!.owner_id).toBe(world.manager.id);
    await acting.removePermanently("lead", [{ id }]);
    expect((await app.admin.get(`/api/records/lead/${id}`)).status).toBe(404);
    const actions = (await auditOf(id)).map((row) => [row.action, row.actor_id, row.details?.source]);
    expect(actions).toEqual([
      ["record.create", null, "automation"],
      ["record.update", null, "automation"],
      ["record.transfer", null, "automation"],
      ["record.delete", null, "automation"],
    ]);
  });

  it("cannot claim: only a person takes a record from the pool", async () => {
    const [pooled] = await app.server.records.as(system).create("lead", [{ name: "池中" }]);
    expect(await refusal(app.server.records.as(system).claim("lead", String(pooled!.id)))).toBe("FORBIDDEN");
  });
});

describe(`writing on behalf of a user (${testEngine})`, () => {
  const onBehalf = (userId: string): WriteActor => ({ kind: "user", userId, reason: approval });

  it("writes as that user, recorded as an approval's write", async () => {
    const [lead] = await app.server.records.as(onBehalf(world.rep.id)).create("lead", [{ name: "审批通过" }]);
    expect(lead).toMatchObject({ owner_id: world.rep.id, created_by: world.rep.id });
    const id = String(lead!.id);
    const [audit] = await auditOf(id);
    expect(audit).toMatchObject({
      actor_id: world.rep.id,
      via: "system",
      details: { source: "approval", reason: approval.description },
    });
    expect((await outboxOf(app, id))[0]).toMatchObject({
      actor_id: world.rep.id,
      source: "approval",
      depth: 0,
    });
  });

  it("is held to that user's rights, like their own requests", async () => {
    const rep = app.server.records.as(onBehalf(world.rep.id));
    const [theirs] = await app.server.records
      .as(onBehalf(world.manager.id))
      .create("lead", [{ name: "别人的" }]);
    const id = String(theirs!.id);
    // Private sharing: the rep cannot see the manager's lead, so it does not exist for them.
    expect(await refusal(rep.update("lead", [{ id, values: { score: 1 } }]))).toBe("RECORD_NOT_FOUND");
    expect(await refusal(rep.create("lead", [{ name: "给别人", owner_id: world.manager.id }]))).toBe(
      "RECORD_OWNER_FORBIDDEN",
    );
    // Removing for good needs modify_all_data, whoever calls the service (it was the route's check).
    const [own] = await rep.create("lead", [{ name: "我的" }]);
    expect(await refusal(rep.removePermanently("lead", [{ id: String(own!.id) }]))).toBe("FORBIDDEN");
    await rep.remove("lead", [{ id: String(own!.id) }]);
    const restored = await rep.restore("lead", String(own!.id));
    expect(restored.deleted_at).toBeUndefined();
  });

  it("claims for the user when they hold the claim right", async () => {
    const [pooled] = await app.server.records
      .as({ kind: "system", reason: automation("reclaim") })
      .create("lead", [{ name: "回收" }]);
    const id = String(pooled!.id);
    expect(await refusal(app.server.records.as(onBehalf(world.rep.id)).claim("lead", id))).toBe("FORBIDDEN");
    const claimed = await app.server.records.as(onBehalf(world.claimer.id)).claim("lead", id);
    expect(claimed.owner_id).toBe(world.claimer.id);
  });

  it("refuses a user who is disabled or does not exist", async () => {
    const disabled = await app.admin.patch(`/api/users/${world.rival.id}`, { status: "disabled" });
    expect(disabled.status, disabled.text).toBe(200);
    const code = await refusal(
      app.server.records.as(onBehalf(world.rival.id)).create("lead", [{ name: "x" }]),
    );
    expect(code).toBe("ACTING_USER_INACTIVE");
    const nobody = onBehalf("0190a3b4-0000-7000-8000-00000000abcd");
    expect(await refusal(app.server.records.as(nobody).create("lead", [{ name: "x" }]))).toBe(
      "ACTING_USER_INACTIVE",
    );
  });

  it("joins the caller's transaction and rolls back with it", async () => {
    let createdId = "";
    const failure = await app.database.db
      .transaction()
      .execute(async (trx) => {
        const acting = app.server.records.as(onBehalf(world.rep.id)).within(trx);
        const [lead] = await acting.create("lead", [{ name: "回滚" }]);
        createdId = String(lead!.id);
        throw new Error("the caller gives up");
      })
      .catch((error: Error) => error.message);
    expect(failure).toBe("the caller gives up");
    expect((await app.admin.get(`/api/records/lead/${createdId}`)).status).toBe(404);
    expect(await outboxOf(app, createdId)).toEqual([]);
  });
});
