import {
  type CheckedFormula,
  type FieldIssue,
  KeduoError,
  type Pipeline,
  type StageCondition,
  type Translatable,
} from "@keduo/core";
import type { Schemas } from "../../db/database.ts";
import type { WriteContext } from "../records/index.ts";
import { checkWriteCondition, evaluateWriteConditions } from "../validation/index.ts";
import type { PipelinesService } from "./pipelines.service.ts";
import { findMoves, type StageMove, stageLabel } from "./stage-moves.ts";

/** Checked gate conditions per pipeline definition (the service hands out the same objects per version). */
const checkedConditions = new WeakMap<Pipeline, Map<string, CheckedFormula | null>>();

function checkedCondition(ctx: WriteContext, pipeline: Pipeline, condition: string): CheckedFormula | null {
  const byText = checkedConditions.get(pipeline) ?? new Map<string, CheckedFormula | null>();
  checkedConditions.set(pipeline, byText);
  if (!byText.has(condition)) {
    const checked = checkWriteCondition(ctx.snapshot, pipeline.object, condition);
    // A condition the field guard let break is skipped rather than failing every write (like rules).
    byText.set(condition, checked.ok ? checked.formula : null);
  }
  return byText.get(condition) ?? null;
}

const isBlank = (value: unknown) =>
  value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

const quoted = (
  label: Translatable,
  text: { "zh-CN": (l: string) => string; en: (l: string) => string },
) => ({
  "zh-CN": text["zh-CN"](`“${label["zh-CN"]}”`),
  en: text.en(`“${label.en}”`),
});

interface PendingCondition {
  move: StageMove;
  /** The stage the move goes to (the refusal names it). */
  stage: Translatable;
  formula: CheckedFormula;
  /** What the writer is told: the stage named, then the admin's message. */
  message: Translatable;
}

/**
 * Stage gates (ADR 0026), in the verify stage of every record write, so a move that breaks a gate is refused
 * on every path (PATCH, bulk, import, automation): the new stage must be one of the record's pipeline; to
 * enter it, its required fields must hold values and its entry conditions hold; to move on from a stage (to a
 * later one or a win), its deliverables must be there and its exit conditions hold. Going back or losing
 * needs only the target's entry gates. Every unmet gate is reported, each naming its stage.
 */
export function stageGatesHook(deps: { pipelines: PipelinesService; schemas: Schemas; timeZone: string }) {
  return async (ctx: WriteContext) => {
    if (ctx.operation !== "create" && ctx.operation !== "update") return;
    const pipelines = await deps.pipelines.forWrite(ctx.trx, ctx.snapshot, ctx.model.object.apiName);
    const moves = findMoves(pipelines, ctx.records);
    if (moves.length === 0) return;
    const conditions: PendingCondition[] = [];
    const refused: Array<{ issue: FieldIssue; stage: Translatable }> = [];
    for (const move of moves) {
      const { record, pipeline, from, to } = move;
      const label = (value: string) => stageLabel(ctx.snapshot, pipeline, value);
      if (!to) {
        refused.push({
          stage: label(move.toValue),
          issue: {
            field: record.path + pipeline.stage_field,
            code: "stage_not_in_pipeline",
            message: quoted(label(move.toValue), {
              "zh-CN": (stage) => `${stage}不是流程“${pipeline.labels["zh-CN"]}”的阶段`,
              en: (stage) => `${stage} is not a stage of pipeline “${pipeline.labels.en}”`,
            }),
          },
        });
        continue;
      }
      const toLabel = label(to.value);
      for (const field of to.required_fields)
        if (isBlank(record.after?.[field]))
          refused.push({
            stage: toLabel,
            issue: {
              field: record.path + field,
              code: "stage_required_field",
              message: quoted(toLabel, {
                "zh-CN": (stage) => `进入${stage}阶段前须填写此项`,
                en: (stage) => `Required to enter stage ${stage}`,
              }),
            },
          });
      const enter = (gate: StageCondition) => ({
        "zh-CN": `不能进入“${toLabel["zh-CN"]}”：${gate.message["zh-CN"]}`,
        en: `Cannot enter “${toLabel.en}”: ${gate.message.en}`,
      });
      for (const gate of to.entry_conditions) {
        const formula = checkedCondition(ctx, pipeline, gate.condition);
        if (formula) conditions.push({ move, stage: toLabel, formula, message: enter(gate) });
      }
      if (!from || move.direction !== "forward") continue;
      const fromLabel = label(from.value);
      for (const field of from.deliverables) {
        const value = record.after?.[field];
        if (isBlank(value) || value === false)
          refused.push({
            stage: toLabel,
            issue: {
              field: record.path + field,
              code: "stage_deliverable",
              message: quoted(fromLabel, {
                "zh-CN": (stage) => `离开${stage}阶段前须完成此项`,
                en: (stage) => `Needed before leaving stage ${stage}`,
              }),
            },
          });
      }
      const leave = (gate: StageCondition) => ({
        "zh-CN": `不能离开“${fromLabel["zh-CN"]}”：${gate.message["zh-CN"]}`,
        en: `Cannot leave “${fromLabel.en}”: ${gate.message.en}`,
      });
      for (const gate of from.exit_conditions) {
        const formula = checkedCondition(ctx, pipeline, gate.condition);
        if (formula) conditions.push({ move, stage: toLabel, formula, message: leave(gate) });
      }
    }
    refused.push(...(await unmetConditions(ctx, conditions, deps)));
    const first = refused[0];
    if (!first) return;
    // Problems other verify hooks found (validation rules run first) are reported with the gates'.
    throw new KeduoError("STAGE_GATE_FAILED", {
      params: { stage_zh: first.stage["zh-CN"], stage_en: first.stage.en, count: refused.length },
      issues: [...ctx.issues.splice(0), ...refused.map((r) => r.issue)],
    });
  };
}

/** Every pending condition in one query; a condition that is not TRUE (FALSE or BLANK) is unmet. */
async function unmetConditions(
  ctx: WriteContext,
  conditions: PendingCondition[],
  deps: { schemas: Schemas; timeZone: string },
): Promise<Array<{ issue: FieldIssue; stage: Translatable }>> {
  if (conditions.length === 0) return [];
  const formulas = [...new Set(conditions.map((c) => c.formula))];
  const ids = [...new Set(conditions.map((c) => c.move.record.id))];
  const results = await evaluateWriteConditions(ctx, formulas, deps, ids);
  return conditions
    .filter(({ move, formula }) => results.get(move.record.id)?.[formulas.indexOf(formula)] !== true)
    .map(({ move, stage, message }) => ({
      stage,
      issue: { field: move.record.path + move.pipeline.stage_field, code: "stage_gate", message },
    }));
}
