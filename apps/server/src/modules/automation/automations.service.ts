import {
  type Automation,
  type AutomationDefinition,
  type Clock,
  type FieldIssue,
  KeduoError,
  type MetadataSnapshot,
  uuidv7,
} from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import {
  findObjectOrThrow,
  type MetadataChange,
  type MetadataService,
  throwIfIssues,
} from "../metadata/index.ts";
import { type AutomationInput, resolveAutomation } from "./automation-check.ts";
import { deleteAutomation, loadAutomations, saveAutomation } from "./automation-rows.ts";

interface AutomationCache {
  version: number;
  byObject: Map<string, Automation[]>;
}

/**
 * Automation definitions: versioned with the metadata (a change bumps the metadata version, so every instance
 * reloads them), checked against the object's fields with every problem reported at once. Each automation
 * also keeps its own version, which its runs record.
 */
export class AutomationsService {
  private cache: AutomationCache | null = null;
  private readonly deps: {
    database: Database;
    clock: Clock;
    metadata: MetadataService;
    /** Hosts a webhook may call inside the network (KEDUO_WEBHOOK_ALLOW_HOSTS), checked when saved. */
    webhookAllowHosts?: ReadonlySet<string>;
  };

  constructor(deps: AutomationsService["deps"]) {
    this.deps = deps;
  }

  list(filter: { object?: string } = {}): Promise<Automation[]> {
    return loadAutomations(this.deps.database.db, this.deps.database.schemas, filter);
  }

  async get(id: string): Promise<Automation> {
    const [automation] = await loadAutomations(this.deps.database.db, this.deps.database.schemas, { id });
    if (!automation) throw new KeduoError("AUTOMATION_NOT_FOUND", { params: { id } });
    return automation;
  }

  create(objectName: string, input: AutomationInput, actorId: string | null): Promise<Automation> {
    return this.deps.metadata.changeVersioned(
      `create automation ${objectName}.${input.api_name ?? ""}`,
      actorId,
      (change) => this.inChange(change, objectName, null, input),
    );
  }

  async update(id: string, input: AutomationInput, actorId: string | null): Promise<Automation> {
    const stored = await this.get(id);
    return this.deps.metadata.changeVersioned(
      `update automation ${stored.object}.${stored.api_name}`,
      actorId,
      (change) => this.inChange(change, stored.object, stored.api_name, input),
    );
  }

  async remove(id: string, actorId: string | null): Promise<void> {
    const stored = await this.get(id);
    await this.deps.metadata.changeVersioned(
      `delete automation ${stored.object}.${stored.api_name}`,
      actorId,
      ({ trx }) => deleteAutomation(trx, this.deps.database.schemas, id),
    );
  }

  /** Creates (`apiName` null) or changes an automation inside a metadata change (the API's and a bundle's). */
  async inChange(
    change: MetadataChange,
    objectName: string,
    apiName: string | null,
    input: AutomationInput,
  ): Promise<Automation> {
    const { trx, snapshot } = change;
    const { schemas } = this.deps.database;
    const object = findObjectOrThrow(snapshot, objectName);
    const all = await loadAutomations(trx, schemas, { object: objectName });
    const stored = apiName === null ? undefined : all.find((a) => a.api_name === apiName);
    if (apiName !== null && !stored)
      throw new KeduoError("AUTOMATION_NOT_FOUND", { params: { id: `${objectName}.${apiName}` } });
    const roles = await trx.selectFrom("roles").select("api_name").execute();
    const issues: FieldIssue[] = [];
    const definition = resolveAutomation(
      {
        snapshot,
        roles: new Set(roles.map((r) => r.api_name)),
        webhookAllowHosts: this.deps.webhookAllowHosts,
      },
      object,
      input,
      stored ?? null,
      issues,
    );
    throwIfIssues(issues);
    if (!stored && all.some((a) => a.api_name === definition.api_name))
      throw new KeduoError("AUTOMATION_NAME_TAKEN", {
        params: { object: objectName, automation: definition.api_name },
      });
    const now = this.deps.clock.now().toISOString();
    const automation: Automation = {
      ...definition,
      id: stored?.id ?? uuidv7(),
      version: (stored?.version ?? 0) + 1,
      created_at: stored?.created_at ?? now,
      updated_at: now,
    };
    await saveAutomation(trx, schemas, automation);
    await this.indexScannedDate(change, automation);
    return automation;
  }

  /**
   * An enabled date-relative automation's date field gets its index (the field's own `indexed` option, in
   * this change): the minute's scan then probes it for the due dates instead of reading the whole table
   * (ADR 0032: 0.8–1.07 s over 1,000,000 records unindexed, 0.25–0.31 s indexed). Switching the automation
   * off or deleting it leaves the index, as an admin's own would be. A date-time field's due day is an
   * expression of the time zone that no plain index serves, so it is left as it is.
   */
  private async indexScannedDate(change: MetadataChange, automation: Automation): Promise<void> {
    const { trigger } = automation;
    if (!automation.enabled || trigger.kind !== "date_relative") return;
    const field = change.snapshot.objects
      .get(automation.object)
      ?.fields.find((f) => f.apiName === trigger.field);
    if (field?.type !== "date" || field.hidden || field.indexed || field.unique) return;
    await this.deps.metadata.inChange.updateField(change, automation.object, field.apiName, {
      indexed: true,
    });
  }

  /**
   * A definition as it would be saved, checked with every problem at once, saving nothing (the editor's
   * preview): the input over the stored automation `id` when given, else over the defaults.
   */
  async checked(
    objectName: string,
    input: AutomationInput,
    id?: string,
  ): Promise<AutomationDefinition & { id?: string }> {
    const snapshot = await this.deps.metadata.current();
    const stored = id ? await this.get(id) : null;
    const object = findObjectOrThrow(snapshot, stored?.object ?? objectName);
    const roles = await this.deps.database.db.selectFrom("roles").select("api_name").execute();
    const issues: FieldIssue[] = [];
    const definition = resolveAutomation(
      {
        snapshot,
        roles: new Set(roles.map((r) => r.api_name)),
        webhookAllowHosts: this.deps.webhookAllowHosts,
      },
      object,
      stored ? input : { api_name: "preview", ...input },
      stored,
      issues,
    );
    throwIfIssues(issues);
    return stored ? { ...definition, id: stored.id } : definition;
  }

  /** The enabled automations of every object as of a metadata version, cached per version. */
  async enabled(executor: Trx | Database["db"], snapshot: Pick<MetadataSnapshot, "version">) {
    let cache = this.cache;
    if (cache?.version !== snapshot.version) {
      const byObject = new Map<string, Automation[]>();
      for (const automation of await loadAutomations(executor, this.deps.database.schemas))
        if (automation.enabled)
          byObject.set(automation.object, [...(byObject.get(automation.object) ?? []), automation]);
      cache = { version: snapshot.version, byObject };
      if (!this.cache || cache.version >= this.cache.version) this.cache = cache;
    }
    return cache.byObject;
  }
}
