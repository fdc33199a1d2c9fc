import {
  type Clock,
  type FieldDefinition,
  type FieldDefinitionInput,
  type FieldIssue,
  KeduoError,
  type MetadataSnapshot,
  type ObjectDefinition,
  type ObjectDefinitionInput,
  uuidv7,
} from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database, Trx } from "../../db/database.ts";
import type { DivisionLookup } from "../divisions/index.ts";
import { formulaFieldsGuard } from "../formula-sql/index.ts";
import {
  compositeIndexStatements,
  createObjectTable,
  dropFieldStorage,
  dropObjectTable,
} from "../schema-sync/index.ts";
import { apiNameFromLabels } from "./api-names.ts";
import { insertObjectRow, updateObjectRow } from "./definition-rows.ts";
import { type FieldChangeResult, FieldChanges } from "./field-changes.ts";
import { FieldFills } from "./field-fills.ts";
import { reorderFields } from "./field-order.ts";
import { createFieldTypeContext } from "./field-type-context.ts";
import { findObjectOrThrow, throwIfIssues } from "./lookup.ts";
import { MetadataCache } from "./metadata-cache.ts";
import { MetadataGuards } from "./metadata-guards.ts";
import { changeMetadata, type MetadataChange } from "./metadata-transaction.ts";
import { inverseRelationsOf } from "./relations.ts";
import { resolveObjectInput } from "./resolve-definitions.ts";

export interface MetadataDeps {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  divisions: DivisionLookup;
}

/** Objects and fields defined at runtime; every change is one transaction with its DDL. */
export class MetadataService {
  readonly cache: MetadataCache;
  readonly fieldContext;
  /** Modules whose definitions depend on fields and objects register here to refuse or follow changes. */
  readonly guards = new MetadataGuards();
  /** Fields whose derived column is being filled outside the metadata lock (ADR 0019). */
  readonly fills: FieldFills;
  private readonly deps: MetadataDeps;
  private readonly fields: FieldChanges;

  constructor(deps: MetadataDeps) {
    this.deps = deps;
    this.cache = new MetadataCache(deps.database.schemas);
    this.fills = new FieldFills(deps.database.db);
    this.fieldContext = createFieldTypeContext(deps.divisions);
    this.fields = new FieldChanges({ ...deps, fieldContext: this.fieldContext, guards: this.guards });
    // Formula fields are metadata themselves, so their dependants are guarded here, not by another module.
    this.guards.register("formula.fields", formulaFieldsGuard);
  }

  /** The current definitions for a read (reloaded when another instance changed them). */
  current(): Promise<MetadataSnapshot> {
    return this.cache.current(this.deps.database.db);
  }

  /** The definitions for a record write, under the shared metadata lock of `trx`. */
  /** The definitions at a version read elsewhere in this request (the caller lookup reads it). */
  atVersion(version: number): Promise<MetadataSnapshot> {
    return this.cache.atVersion(this.deps.database.db, version);
  }

  /** The cached definitions without a version read; only for writes, which re-check in their transaction. */
  latestKnown(): Promise<MetadataSnapshot> {
    return this.cache.latestKnown(this.deps.database.db);
  }

  forWrite(trx: Trx): Promise<MetadataSnapshot> {
    return this.cache.forWrite(trx);
  }

  private change<T>(
    description: string,
    actorId: string | null,
    work: Parameters<typeof changeMetadata<T>>[2],
    dryRun = false,
  ) {
    return changeMetadata(
      { ...this.deps, cache: this.cache },
      { description, actorId, dryRun },
      async (change) => {
        const result = await work(change);
        await this.guards.afterChange(change);
        return result;
      },
    );
  }

  /**
   * Runs a change to definitions versioned with the metadata (roles, departments, sharing rules): one
   * transaction that bumps the version, so every instance reloads them before its next request.
   */
  async changeVersioned<T>(
    description: string,
    actorId: string | null,
    work: Parameters<typeof changeMetadata<T>>[2],
  ) {
    return (await this.change(description, actorId, work)).result;
  }

  async createObject(input: ObjectDefinitionInput, actorId: string | null): Promise<ObjectDefinition> {
    const { result } = await this.change(`create object ${input.api_name}`, actorId, (change) =>
      this.inChange.createObject(change, input),
    );
    return result;
  }

  async updateObject(
    name: string,
    patch: Partial<ObjectDefinitionInput>,
    actorId: string | null,
  ): Promise<ObjectDefinition> {
    const { result } = await this.change(`update object ${name}`, actorId, (change) =>
      this.inChange.updateObject(change, name, patch),
    );
    return result;
  }

  /**
   * The definition changes, each acting inside a metadata change the caller runs (`changeVersioned`): a bundle
   * applies many of them in one transaction with one version bump. Each reads `change.snapshot`, so a caller
   * making several passes the definitions as its earlier steps left them.
   */
  readonly inChange = {
    createObject: async (change: MetadataChange, given: ObjectDefinitionInput): Promise<ObjectDefinition> => {
      const issues: FieldIssue[] = [];
      // No API name: one is made from the label (客户 → ke_hu), never asked of the admin.
      const input = given.api_name
        ? given
        : {
            ...given,
            api_name: apiNameFromLabels(given.labels, "object", new Set(change.snapshot.objects.keys())),
          };
      const resolved = resolveObjectInput(input, null, issues);
      throwIfIssues(issues);
      if (change.snapshot.objects.has(resolved.apiName))
        throw new KeduoError("OBJECT_NAME_TAKEN", { params: { object: resolved.apiName } });
      const object: ObjectDefinition = { id: uuidv7(), ...resolved, displayField: null, fields: [] };
      await change.run(createObjectTable(this.deps.database.schemas, object));
      await insertObjectRow(change.trx, object, this.deps.clock.now());
      return object;
    },
    updateObject: async (
      change: MetadataChange,
      name: string,
      patch: Partial<ObjectDefinitionInput>,
    ): Promise<ObjectDefinition> => {
      const existing = findObjectOrThrow(change.snapshot, name);
      const issues: FieldIssue[] = [];
      const resolved = resolveObjectInput(patch, existing, issues);
      throwIfIssues(issues);
      const object = { ...existing, ...resolved, apiName: existing.apiName };
      await change.run(
        compositeIndexStatements(this.deps.database.schemas, existing, existing.indexes, object.indexes),
      );
      await updateObjectRow(change.trx, object, this.deps.clock.now());
      return object;
    },
    createField: (change: MetadataChange, objectName: string, input: FieldDefinitionInput) =>
      this.fields.create(change, objectName, input),
    updateField: (
      change: MetadataChange,
      objectName: string,
      fieldName: string,
      patch: Partial<FieldDefinitionInput>,
    ) => this.fields.update(change, objectName, fieldName, patch),
    reorderFields: (change: MetadataChange, objectName: string, order: string[]) =>
      reorderFields(change, objectName, order, this.deps.clock.now()),
  };

  /** Drops the table and its definitions; refused while other objects still relate to it. */
  async deleteObject(name: string, actorId: string | null): Promise<void> {
    await this.change(`delete object ${name}`, actorId, async (change) => {
      const { trx, snapshot, run } = change;
      const object = findObjectOrThrow(snapshot, name);
      const references = inverseRelationsOf(snapshot, name, { includeHidden: true }).filter(
        (r) => r.sourceObject !== name,
      );
      if (references.length) {
        throw new KeduoError("OBJECT_IN_USE", {
          params: {
            object: name,
            references: references.map((r) => `${r.sourceObject}.${r.sourceField}`).join(", "),
          },
        });
      }
      await this.guards.beforeObjectDelete(change, object);
      const schemas = this.deps.database.schemas;
      const junctions = object.fields.filter(
        (f) => f.type === "relation" && f.config.relation?.cardinality === "many_to_many",
      );
      for (const field of junctions) await run(dropFieldStorage(schemas, name, field));
      await run(dropObjectTable(schemas, object));
      const fieldIds = object.fields.map((f) => f.id);
      if (fieldIds.length)
        await trx.deleteFrom("autonumber_counters").where("field_id", "in", fieldIds).execute();
      await trx.deleteFrom("objects").where("id", "=", object.id).execute();
    });
  }

  async createField(
    objectName: string,
    input: FieldDefinitionInput,
    actorId: string | null,
  ): Promise<FieldDefinition> {
    const { result } = await this.change(`create field ${objectName}.${input.api_name}`, actorId, (change) =>
      this.fields.create(change, objectName, input),
    );
    return this.asCommitted(result);
  }

  async updateField(
    objectName: string,
    fieldName: string,
    patch: Partial<FieldDefinitionInput>,
    actorId: string | null,
    dryRun: boolean,
  ): Promise<FieldChangeResult> {
    const { result, statements } = await this.change(
      `update field ${objectName}.${fieldName}`,
      actorId,
      (change) => this.fields.update(change, objectName, fieldName, patch),
      dryRun,
    );
    return { ...result, field: dryRun ? result.field : await this.asCommitted(result.field), statements };
  }

  async hideField(objectName: string, fieldName: string, actorId: string | null): Promise<FieldDefinition> {
    const { result } = await this.change(`delete field ${objectName}.${fieldName}`, actorId, (change) =>
      this.fields.hide(change, objectName, fieldName),
    );
    return result;
  }

  async restoreField(
    objectName: string,
    fieldName: string,
    actorId: string | null,
  ): Promise<FieldDefinition> {
    const { result } = await this.change(`restore field ${objectName}.${fieldName}`, actorId, (change) =>
      this.fields.restore(change, objectName, fieldName),
    );
    return this.asCommitted(result);
  }

  async purgeField(objectName: string, fieldName: string, actorId: string | null): Promise<void> {
    await this.change(`purge field ${objectName}.${fieldName}`, actorId, (change) =>
      this.fields.purge(change, objectName, fieldName),
    );
  }

  /** Puts the named fields first in this order, the others after them; returns every field, reordered. */
  async reorderFields(
    objectName: string,
    order: string[],
    actorId: string | null,
  ): Promise<FieldDefinition[]> {
    const { result } = await this.change(`reorder fields of ${objectName}`, actorId, (change) =>
      reorderFields(change, objectName, order, this.deps.clock.now()),
    );
    return result;
  }

  /** A changed field as committed, with what guards added after the change (a stored formula filling). */
  private async asCommitted(field: FieldDefinition): Promise<FieldDefinition> {
    const object = (await this.current()).objects.get(field.objectApiName);
    return object?.fields.find((f) => f.id === field.id) ?? field;
  }

  async listSchemaChanges(limit: number) {
    return this.deps.database.db
      .selectFrom("schema_changes")
      .selectAll()
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
  }
}
