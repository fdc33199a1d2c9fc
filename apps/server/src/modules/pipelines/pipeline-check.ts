import {
  type FieldDefinition,
  type FieldIssue,
  fieldTypeOf,
  formulaErrorToFieldIssue,
  inBothLanguages,
  isGivenText,
  isValidApiName,
  type MetadataSnapshot,
  type ObjectDefinition,
  type PipelineDefinition,
  STAGE_KINDS,
  type StageCondition,
  type StageDefinition,
  type Translatable,
} from "@keduo/core";
import { checkWriteCondition } from "../validation/index.ts";

/** What a client sends to create or change a pipeline; absent parts keep the stored (or default) value. */
export interface PipelineInput {
  api_name?: string;
  labels?: Translatable;
  stage_field?: string;
  pipeline_field?: string | null;
  is_default?: boolean;
  /** Where it is listed among the object's pipelines (0 first); new ones go last. */
  position?: number;
  stages?: Array<Partial<StageDefinition>>;
}

export interface CheckContext {
  snapshot: MetadataSnapshot;
  object: ObjectDefinition;
  /** The object's other pipelines (they share the stage and pipeline fields). */
  siblings: PipelineDefinition[];
  /** Role API names a stage owner may name. */
  roles: ReadonlySet<string>;
}

const visibleField = (object: ObjectDefinition, name: unknown) =>
  typeof name === "string" ? object.fields.find((f) => f.apiName === name && !f.hidden) : undefined;

/**
 * A field a stage can require: a stored column named after it that is empty when the field is (an amount's
 * currency rides beside it); not computed values, addresses or many-to-many lists.
 */
export function fieldStageCanRequire(field: FieldDefinition): boolean {
  if (field.type === "formula" || field.type === "auto_number" || field.type === "address") return false;
  return fieldTypeOf(field.type)
    .columns(field)
    .some((column) => column.name === field.apiName);
}

/**
 * Applies the input over the stored pipeline (or the defaults) and checks it against the object's fields,
 * reporting every problem at once with its path (`stages.2.required_fields.0`).
 */
export function resolvePipeline(
  context: CheckContext,
  input: PipelineInput,
  base: PipelineDefinition | null,
  issues: FieldIssue[],
): PipelineDefinition {
  const { object } = context;
  const apiName = base?.api_name ?? input.api_name ?? "";
  if (!base && !isValidApiName(apiName)) issues.push({ field: "api_name", code: "invalid_api_name" });
  const labels = input.labels ?? base?.labels;
  if (!isGivenText(labels)) issues.push({ field: "labels", code: "required" });
  const stageField = input.stage_field ?? base?.stage_field ?? "";
  const pipelineField =
    input.pipeline_field === undefined ? (base?.pipeline_field ?? null) : input.pipeline_field;
  const stageSelect = checkSelectField(object, stageField, "stage_field", issues);
  checkSharedFields(context, { stageField, pipelineField }, issues);
  if (pipelineField !== null) {
    const select = checkSelectField(object, pipelineField, "pipeline_field", issues);
    if (select && !select.config.options?.some((o) => o.value === apiName))
      issues.push({ field: "api_name", code: "pipeline_not_an_option", params: { field: pipelineField } });
  }
  const stagesInput = input.stages ?? base?.stages;
  const stages: StageDefinition[] = [];
  if (!Array.isArray(stagesInput) || stagesInput.length === 0)
    issues.push({ field: "stages", code: "required" });
  else
    stagesInput.forEach((stage, i) => {
      stages.push(resolveStage(context, stageSelect, stage ?? {}, `stages.${i}.`, issues));
    });
  const seen = new Set<string>();
  stages.forEach((stage, i) => {
    if (seen.has(stage.value))
      issues.push({ field: `stages.${i}.value`, code: "duplicate_name", params: { value: stage.value } });
    seen.add(stage.value);
  });
  if (stages.length > 0 && !stages.some((s) => s.kind === "open"))
    issues.push({ field: "stages", code: "pipeline_needs_open_stage" });
  return {
    object: object.apiName,
    api_name: apiName,
    labels: isGivenText(labels) ? inBothLanguages(labels) : { "zh-CN": "", en: "" },
    stage_field: stageField,
    pipeline_field: pipelineField,
    is_default: input.is_default ?? base?.is_default ?? context.siblings.length === 0,
    stages,
  };
}

function checkSelectField(object: ObjectDefinition, name: string, path: string, issues: FieldIssue[]) {
  const field = visibleField(object, name);
  if (!field) {
    issues.push({ field: path, code: name ? "unknown_field" : "required", params: { name } });
    return null;
  }
  if (field.type !== "single_select") {
    issues.push({ field: path, code: "pipeline_field_not_select", params: { name } });
    return null;
  }
  return field;
}

/** Every pipeline of an object reads the same stage field and, once there are several, a pipeline field. */
function checkSharedFields(
  { siblings }: CheckContext,
  fields: { stageField: string; pipelineField: string | null },
  issues: FieldIssue[],
) {
  const other = siblings[0];
  if (!other) return;
  if (other.stage_field !== fields.stageField)
    issues.push({
      field: "stage_field",
      code: "pipeline_fields_differ",
      params: { name: other.stage_field },
    });
  if (fields.pipelineField === null || siblings.some((s) => s.pipeline_field !== fields.pipelineField))
    issues.push({
      field: "pipeline_field",
      code: "pipeline_field_needed",
      params: { name: other.pipeline_field ?? "" },
    });
}

function resolveStage(
  context: CheckContext,
  stageSelect: FieldDefinition | null,
  input: Partial<StageDefinition>,
  path: string,
  issues: FieldIssue[],
): StageDefinition {
  const { object } = context;
  const value = typeof input.value === "string" ? input.value : "";
  if (stageSelect && !stageSelect.config.options?.some((o) => o.value === value))
    issues.push({ field: `${path}value`, code: "invalid_option", params: { value } });
  const kind = input.kind ?? "open";
  if (!STAGE_KINDS.includes(kind)) issues.push({ field: `${path}kind`, code: "invalid_stage_kind" });
  const probability = input.probability ?? null;
  if (probability !== null && !(Number.isFinite(probability) && probability >= 0 && probability <= 100))
    issues.push({ field: `${path}probability`, code: "out_of_range", params: { min: 0, max: 100 } });
  const rotting = input.rotting_days ?? null;
  if (rotting !== null && !(Number.isInteger(rotting) && rotting > 0 && rotting <= 3650))
    issues.push({ field: `${path}rotting_days`, code: "out_of_range", params: { min: 1, max: 3650 } });
  const guidance = input.guidance ?? null;
  if (guidance !== null && !isGivenText(guidance))
    issues.push({ field: `${path}guidance`, code: "invalid_type", params: { expected: "text" } });
  const requireable = (list: unknown, key: "required_fields" | "deliverables") => {
    const names = Array.isArray(list) ? list : [];
    if (list !== undefined && !Array.isArray(list))
      issues.push({ field: `${path}${key}`, code: "invalid_type", params: { expected: "list" } });
    names.forEach((name, i) => {
      const field = visibleField(object, name);
      if (!field)
        issues.push({ field: `${path}${key}.${i}`, code: "unknown_field", params: { name: String(name) } });
      else if (!fieldStageCanRequire(field))
        issues.push({
          field: `${path}${key}.${i}`,
          code: "stage_cannot_require",
          params: { name: field.apiName },
        });
    });
    return [...new Set(names.filter((n): n is string => typeof n === "string"))];
  };
  return {
    value,
    kind,
    probability,
    guidance: guidance && isGivenText(guidance) ? inBothLanguages(guidance) : null,
    owner: resolveOwner(context, input.owner ?? null, `${path}owner`, issues),
    required_fields: requireable(input.required_fields, "required_fields"),
    entry_conditions: resolveConditions(context, input.entry_conditions, `${path}entry_conditions`, issues),
    exit_conditions: resolveConditions(context, input.exit_conditions, `${path}exit_conditions`, issues),
    deliverables: requireable(input.deliverables, "deliverables"),
    rotting_days: rotting,
  };
}

function resolveOwner(
  { object, roles }: CheckContext,
  owner: StageDefinition["owner"],
  path: string,
  issues: FieldIssue[],
): StageDefinition["owner"] {
  if (owner === null) return null;
  if (owner.kind === "role") {
    if (!roles.has(owner.role))
      issues.push({ field: `${path}.role`, code: "unknown_role", params: { name: owner.role } });
    return { kind: "role", role: owner.role };
  }
  if (owner.kind === "user_field") {
    const field = visibleField(object, owner.field);
    if (field?.type !== "user")
      issues.push({
        field: `${path}.field`,
        code: "stage_owner_not_user",
        params: { name: String(owner.field) },
      });
    return { kind: "user_field", field: owner.field };
  }
  issues.push({ field: `${path}.kind`, code: "invalid_type", params: { expected: "role / user_field" } });
  return null;
}

function resolveConditions(
  { snapshot, object }: CheckContext,
  input: unknown,
  path: string,
  issues: FieldIssue[],
): StageCondition[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    issues.push({ field: path, code: "invalid_type", params: { expected: "list" } });
    return [];
  }
  return input.map((entry: Partial<StageCondition>, i) => {
    const condition = typeof entry?.condition === "string" ? entry.condition : "";
    const checked = checkWriteCondition(snapshot, object.apiName, condition);
    if (!checked.ok)
      issues.push(
        ...checked.errors.map((error) => formulaErrorToFieldIssue(error, `${path}.${i}.condition`)),
      );
    if (!isGivenText(entry?.message)) issues.push({ field: `${path}.${i}.message`, code: "required" });
    return {
      condition,
      message: isGivenText(entry?.message) ? inBothLanguages(entry.message) : { "zh-CN": "", en: "" },
    };
  });
}
