import {
  type Clock,
  type ConversionChoice,
  type ConversionDefinition,
  type ConversionDuplicate,
  type FieldIssue,
  isKeduoError,
  KeduoError,
} from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import { objectDocuments } from "../../db/object-documents.ts";
import type { AccessContext } from "../access/index.ts";
import {
  findObjectOrThrow,
  type MetadataChange,
  type MetadataService,
  throwIfIssues,
} from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { checkConversion } from "./conversion-check.ts";
import { findDuplicates } from "./conversion-duplicates.ts";

type Actor = Parameters<RecordsService["writes"]["create"]>[2];
type Values = Record<string, unknown>;

export interface ConversionCheck {
  targets: Array<{ key: string; object: string; values: Values; duplicates: ConversionDuplicate[] }>;
}

export interface ConversionResult {
  /** Each target's record id (created or attached), by key; skipped targets are absent. */
  records: Record<string, string>;
  created: string[];
}

/**
 * Converting a record (a lead) into others (account, contact, opportunity) in one transaction through the
 * records service, so every rule, gate and right applies; a failure at any step leaves nothing created.
 */
export class ConversionService {
  readonly documents;
  private readonly deps: {
    database: Database;
    clock: Clock;
    metadata: MetadataService;
    records: RecordsService;
  };

  constructor(deps: ConversionService["deps"]) {
    this.deps = deps;
    this.documents = objectDocuments<ConversionDefinition>(deps.database.schemas, "record_conversions");
  }

  async definition(object: string): Promise<ConversionDefinition | null> {
    findObjectOrThrow(await this.deps.metadata.current(), object);
    return (await this.documents.load(this.deps.database.db, object)).get(object) ?? null;
  }

  save(object: string, input: ConversionDefinition, actorId: string | null) {
    return this.deps.metadata.changeVersioned(`define the conversion of ${object}`, actorId, (change) =>
      this.inChange(change, object, input),
    );
  }

  async inChange(change: MetadataChange, object: string, input: ConversionDefinition) {
    findObjectOrThrow(change.snapshot, object);
    throwIfIssues(checkConversion(change.snapshot, object, input));
    await this.documents.save(change.trx, object, input, this.deps.clock.now());
    return input;
  }

  /** What each target would start with, and the readable records it may duplicate. */
  async check(object: string, id: string, access: AccessContext): Promise<ConversionCheck> {
    const { definition, source } = await this.load(object, id, access);
    const targets = await Promise.all(
      definition.targets.map(async (target) => {
        const values = mapped(target.fields, source);
        const duplicates = await findDuplicates(
          this.deps.records.reads,
          access,
          access.snapshot,
          target,
          values,
        );
        return { key: target.key, object: target.object, values, duplicates };
      }),
    );
    return { targets };
  }

  /** Converts as the caller decided per target (create with overrides, attach to an existing record, skip). */
  async convert(
    object: string,
    id: string,
    choices: Record<string, ConversionChoice>,
    actor: Actor,
  ): Promise<ConversionResult> {
    const { definition, source } = await this.load(object, id, actor.access);
    const issues: FieldIssue[] = [];
    for (const target of definition.targets) {
      const choice = choices[target.key];
      if (choice?.action === "skip" && !target.optional)
        issues.push({ field: `targets.${target.key}`, code: "conversion_target_required" });
    }
    throwIfIssues(issues);
    // Only a record the caller may read can be attached to (404 otherwise, like a read). Checked before the
    // transaction: reads run on the pool, and PGlite's one connection is the transaction's while it is open.
    for (const target of definition.targets) {
      const choice = choices[target.key];
      if (choice?.action === "attach")
        await this.deps.records.reads.get(target.object, choice.id, actor.access, { fields: [] });
    }
    return this.deps.database.db.transaction().execute(async (trx) => {
      const writes = this.deps.records.writes.within(trx);
      const records: Record<string, string> = {};
      const created: string[] = [];
      for (const target of definition.targets) {
        const choice = choices[target.key] ?? { action: "create" };
        if (choice.action === "skip") continue;
        if (choice.action === "attach") {
          records[target.key] = choice.id;
          continue;
        }
        const links = Object.fromEntries(
          Object.entries(target.links ?? {}).flatMap(([field, key]) =>
            records[key] ? [[field, records[key]]] : [],
          ),
        );
        const values = { ...mapped(target.fields, source), ...links, ...(choice.values ?? {}) };
        const [row] = await prefixed(`targets.${target.key}.`, () =>
          writes.create(target.object, [values], actor, { bulk: false }),
        );
        records[target.key] = String(row!.id);
        created.push(target.key);
      }
      await this.finishSource(trx, object, id, definition, records, actor);
      return { records, created };
    });
  }

  private async finishSource(
    trx: Trx,
    object: string,
    id: string,
    definition: ConversionDefinition,
    records: Record<string, string>,
    actor: Actor,
  ) {
    const back = Object.fromEntries(
      Object.entries(definition.back_links ?? {}).flatMap(([field, key]) =>
        records[key] ? [[field, records[key]]] : [],
      ),
    );
    const values = { ...back, ...(definition.set ?? {}) };
    if (Object.keys(values).length === 0) return;
    await prefixed("source.", () =>
      this.deps.records.writes.within(trx).update(object, [{ id, values }], actor, { bulk: false }),
    );
  }

  private async load(object: string, id: string, access: AccessContext) {
    const definition = (await this.documents.load(this.deps.database.db, object)).get(object);
    if (!definition) throw new KeduoError("CONVERSION_NOT_DEFINED", { params: { object } });
    const source = (await this.deps.records.reads.get(object, id, access)) as Values;
    return { definition, source };
  }
}

const mapped = (fields: Record<string, string>, source: Values): Values =>
  Object.fromEntries(
    Object.entries(fields).flatMap(([to, from]) =>
      source[from] === undefined || source[from] === null ? [] : [[to, source[from]]],
    ),
  );

/** Runs one step, naming its problems under the step (`targets.contact.email`) so the form can show them. */
async function prefixed<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isKeduoError(error) || error.issues.length === 0) throw error;
    throw new KeduoError(error.code, {
      params: error.params,
      extra: error.extra,
      issues: error.issues.map((issue) => ({ ...issue, field: prefix + issue.field })),
    });
  }
}
