import {
  type Clock,
  type FieldDefinition,
  type FieldDefinitionInput,
  type FieldIssue,
  type FieldTypeContext,
  fieldTypeOf,
  KeduoError,
  type MetadataSnapshot,
  type ObjectDefinition,
  uuidv7,
  zonedDate,
} from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import { resolveFormulaField } from "../formula-sql/index.ts";
import {
  addFieldStorage,
  constraintStatements,
  dropFieldStorage,
  findBlanks,
  findDuplicates,
  findOffending,
  hasColumn,
  type OffendingRecords,
  planConversion,
} from "../schema-sync/index.ts";
import { apiNameFromLabels } from "./api-names.ts";
import { backfillAutoNumbers } from "./auto-number-backfill.ts";
import { insertFieldRow, updateFieldRow } from "./definition-rows.ts";
import { findFieldOrThrow, findObjectOrThrow, throwIfIssues } from "./lookup.ts";
import type { MetadataGuards } from "./metadata-guards.ts";
import type { MetadataChange } from "./metadata-transaction.ts";
import { namesInUse } from "./relations.ts";
import { resolveFieldInput } from "./resolve-definitions.ts";

export interface FieldChangeResult {
  field: FieldDefinition;
  statements?: string[];
}

function refuse(offending: OffendingRecords): never {
  throw new KeduoError("FIELD_CHANGE_REFUSED", {
    params: { count: offending.count, reason: offending.reason },
    extra: {
      offending_count: offending.count,
      offending_records: offending.records,
      reason: offending.reason,
    },
  });
}

/** The field half of the metadata service: each method runs inside one metadata transaction. */
export class FieldChanges {
  private readonly deps: {
    database: Database;
    clock: Clock;
    config: ServerConfig;
    fieldContext: FieldTypeContext;
    guards: MetadataGuards;
  };

  constructor(deps: FieldChanges["deps"]) {
    this.deps = deps;
  }

  private get schemas() {
    return this.deps.database.schemas;
  }

  private checkRelation(change: MetadataChange, field: FieldDefinition, issues: FieldIssue[]) {
    const relation = field.config.relation;
    if (field.type !== "relation" || !relation) return;
    if (!change.snapshot.objects.has(relation.target)) {
      issues.push({
        field: "config.relation.target",
        code: "invalid_reference",
        params: { value: relation.target },
      });
    } else if (namesInUse(change.snapshot, relation.target, field.id).has(relation.inverse_name)) {
      issues.push({
        field: "config.relation.inverse_name",
        code: "duplicate_name",
        params: { value: relation.inverse_name },
      });
    }
  }

  async create(
    change: MetadataChange,
    objectName: string,
    given: FieldDefinitionInput,
  ): Promise<FieldDefinition> {
    const object = findObjectOrThrow(change.snapshot, objectName);
    const input = withGeneratedNames(change.snapshot, object, given);
    const issues: FieldIssue[] = [];
    const resolved = resolveFieldInput(input, null, object, this.deps.fieldContext, issues, uuidv7());
    const field = resolveFormulaField(change.snapshot, object, resolved, issues);
    this.checkRelation(change, field, issues);
    throwIfIssues(issues);
    if (namesInUse(change.snapshot, objectName).has(field.apiName)) {
      throw new KeduoError("FIELD_NAME_TAKEN", { params: { object: objectName, field: field.apiName } });
    }
    // Existing records get the default (bound, never inlined: it is admin input), without rewriting the table.
    const parsed =
      field.defaultValue !== null && hasColumn(field)
        ? fieldTypeOf(field.type).toColumns(field.defaultValue, field, this.deps.fieldContext)
        : null;
    await change.run(addFieldStorage(this.schemas, objectName, field, parsed?.ok ? parsed.value : {}));
    if (field.type === "auto_number") {
      await backfillAutoNumbers(
        change.trx,
        this.schemas,
        objectName,
        field,
        zonedDate(this.deps.clock.now(), this.deps.config.timeZone),
      );
    }
    await this.applyConstraints(change, objectName, null, field);
    await insertFieldRow(change.trx, object.id, field, this.deps.clock.now());
    return field;
  }

  async update(
    change: MetadataChange,
    objectName: string,
    fieldName: string,
    patch: Partial<FieldDefinitionInput>,
  ): Promise<FieldChangeResult> {
    const object = findObjectOrThrow(change.snapshot, objectName);
    const before = findFieldOrThrow(object, fieldName);
    if (before.hidden)
      throw new KeduoError("FIELD_NOT_FOUND", { params: { object: objectName, field: fieldName } });
    const issues: FieldIssue[] = [];
    patch = withOptionValues(patch);
    if (patch.api_name !== undefined && patch.api_name !== before.apiName) {
      issues.push({ field: "api_name", code: "read_only" });
    }
    const after = resolveFormulaField(
      change.snapshot,
      object,
      resolveFieldInput(patch, before, object, this.deps.fieldContext, issues, before.id),
      issues,
    );
    const [from, to] = [before.config.relation, after.config.relation];
    if (from && to && (from.target !== to.target || from.cardinality !== to.cardinality)) {
      issues.push({ field: "config.relation", code: "read_only" });
    }
    // A formula has no column to convert from or to.
    if (
      (before.type === "relation") !== (after.type === "relation") ||
      (before.type === "formula") !== (after.type === "formula")
    ) {
      throw new KeduoError("FIELD_TYPE_CHANGE_UNSUPPORTED", {
        params: { from: before.type, to: after.type },
      });
    }
    this.checkRelation(change, after, issues);
    throwIfIssues(issues);
    await this.deps.guards.beforeFieldChange(change, { object, before, after });
    const conversion = planConversion(this.schemas, objectName, before, after, this.deps.config.timeZone);
    if (!conversion)
      throw new KeduoError("FIELD_TYPE_CHANGE_UNSUPPORTED", {
        params: { from: before.type, to: after.type },
      });
    if (conversion.unconvertible) {
      const offending = await findOffending(
        change.trx,
        this.schemas,
        objectName,
        before,
        conversion.unconvertible,
        "unconvertible",
      );
      if (offending) refuse(offending);
    }
    if (conversion.statements.length) {
      // Constraints are dropped around a type change and re-created on the converted column.
      await change.run(constraintStatements(this.schemas, objectName, before, null));
      await change.run(conversion.statements);
      await this.applyConstraints(change, objectName, null, after);
    } else {
      await this.applyConstraints(change, objectName, before, after);
    }
    await updateFieldRow(change.trx, after, this.deps.clock.now());
    return { field: after };
  }

  /** Deleting a field hides it: data kept, NOT NULL and unique dropped, restorable until purged. */
  async hide(change: MetadataChange, objectName: string, fieldName: string): Promise<FieldDefinition> {
    const object = findObjectOrThrow(change.snapshot, objectName);
    const before = findFieldOrThrow(object, fieldName);
    if (before.hidden) return before;
    const after = { ...before, hidden: true };
    await this.deps.guards.beforeFieldChange(change, { object, before, after });
    await change.run(constraintStatements(this.schemas, objectName, before, after));
    await updateFieldRow(change.trx, after, this.deps.clock.now());
    if (object.displayField === fieldName) {
      await change.trx
        .updateTable("objects")
        .set({ display_field: null })
        .where("id", "=", object.id)
        .execute();
    }
    return after;
  }

  async restore(change: MetadataChange, objectName: string, fieldName: string): Promise<FieldDefinition> {
    const object = findObjectOrThrow(change.snapshot, objectName);
    const before = findFieldOrThrow(object, fieldName);
    if (!before.hidden) throw new KeduoError("FIELD_NOT_HIDDEN");
    const after = { ...before, hidden: false };
    if (after.type === "relation" && after.config.relation) {
      const issues: FieldIssue[] = [];
      this.checkRelation(change, after, issues);
      throwIfIssues(issues);
    }
    await this.applyConstraints(change, objectName, before, after);
    await updateFieldRow(change.trx, after, this.deps.clock.now());
    return after;
  }

  async purge(change: MetadataChange, objectName: string, fieldName: string): Promise<void> {
    const object = findObjectOrThrow(change.snapshot, objectName);
    const field = findFieldOrThrow(object, fieldName);
    if (!field.hidden) throw new KeduoError("FIELD_NOT_HIDDEN");
    await change.run(dropFieldStorage(this.schemas, objectName, field));
    await change.trx.deleteFrom("autonumber_counters").where("field_id", "=", field.id).execute();
    await change.trx.deleteFrom("fields").where("id", "=", field.id).execute();
    // Dropping the column dropped the composite indexes over it; the definition follows.
    const indexes = object.indexes.filter((index) => !index.fields.includes(field.apiName));
    if (indexes.length !== object.indexes.length) {
      await change.trx
        .updateTable("objects")
        .set({ indexes: JSON.stringify(indexes) })
        .where("id", "=", object.id)
        .execute();
    }
  }

  /** Checks the data first, so a refusal lists the offending records instead of failing on a constraint. */
  private async applyConstraints(
    change: MetadataChange,
    objectName: string,
    before: FieldDefinition | null,
    after: FieldDefinition,
  ) {
    const wasActive = before !== null && !before.hidden;
    if (hasColumn(after)) {
      if (after.required && !(wasActive && before.required)) {
        const blanks = await findBlanks(change.trx, this.schemas, objectName, after);
        if (blanks) refuse(blanks);
      }
      if (after.unique && !(wasActive && before.unique)) {
        const duplicates = await findDuplicates(change.trx, this.schemas, objectName, after);
        if (duplicates) refuse(duplicates);
      }
    }
    await change.run(constraintStatements(this.schemas, objectName, before, after));
  }
}

/**
 * A new field's API name, and a relation's inverse name, made from labels when the admin gave none
 * (年营收 → nian_ying_shou; the inverse from the inverse label, else the source object's plural label).
 */
function withGeneratedNames(
  snapshot: MetadataSnapshot,
  object: ObjectDefinition,
  input: FieldDefinitionInput,
): FieldDefinitionInput {
  const apiName =
    input.api_name || apiNameFromLabels(input.labels, "field", namesInUse(snapshot, object.apiName));
  const relation = input.config?.relation;
  if (input.type !== "relation" || !relation || relation.inverse_name || !relation.target)
    return withOptionValues({ ...input, api_name: apiName });
  const inverseLabels =
    relation.inverse_labels && (relation.inverse_labels["zh-CN"] || relation.inverse_labels.en)
      ? relation.inverse_labels
      : object.pluralLabels;
  const taken = new Set([...namesInUse(snapshot, relation.target), apiName]);
  return {
    ...input,
    api_name: apiName,
    config: {
      ...input.config,
      relation: {
        ...relation,
        inverse_name: apiNameFromLabels(inverseLabels, "field", taken),
        inverse_labels: inverseLabels,
      },
    },
  };
}

/** Select options without a value get one from their label (重点 → zhong_dian), unique among the options. */
function withOptionValues<T extends Partial<FieldDefinitionInput>>(input: T): T {
  const options = input.config?.options;
  if (!Array.isArray(options) || options.every((o) => typeof o?.value === "string" && o.value.trim() !== ""))
    return input;
  const taken = new Set(
    options.map((o) => (typeof o?.value === "string" ? o.value.trim().toLowerCase() : "")),
  );
  const filled = options.map((option) => {
    if (typeof option?.value === "string" && option.value.trim() !== "") return option;
    const value = apiNameFromLabels(option?.labels, "field", taken);
    taken.add(value);
    return { ...option, value };
  });
  return { ...input, config: { ...input.config, options: filled } };
}
