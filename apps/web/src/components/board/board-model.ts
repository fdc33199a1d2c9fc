import type { AggregateGroup, AggregateQuery, Pipeline } from "@keduo/core";
import type { FieldMeta, RecordData } from "../../api/types.ts";

/*
 * The kanban board's pure parts: which records a pipeline holds, the one aggregate read for every column's
 * totals, where a card shows while its move is on its way, and the gate messages of a refused move.
 */

type Filter = Record<string, unknown>;

/** The filters that are given, ANDed (none: undefined, one: itself). */
export function allOf(...parts: Array<Filter | null | undefined>): Filter | undefined {
  const given = parts.filter((p): p is Filter => Boolean(p));
  if (given.length === 0) return undefined;
  return given.length === 1 ? given[0] : { and: given };
}

/**
 * The records that follow a pipeline: those whose pipeline field names it, and for the default pipeline
 * also those whose pipeline field is empty. An object without a pipeline field has one pipeline: all.
 */
export function pipelineFilter(
  pipeline: Pick<Pipeline, "api_name" | "pipeline_field" | "is_default">,
): Filter | undefined {
  const field = pipeline.pipeline_field;
  if (!field) return undefined;
  const named = { [field]: { eq: pipeline.api_name } };
  return pipeline.is_default ? { or: [named, { [field]: { is_empty: true } }] } : named;
}

export const stageFilter = (stageField: string, stage: string): Filter => ({ [stageField]: { eq: stage } });

/** The name the amount sum gets in the aggregate answer. */
export const AMOUNT = "amount";

/**
 * One aggregate call for the whole board: records and amounts per stage. Not restricted to the pipeline's
 * stages, so records in no stage of it (empty, or another pipeline's stage) can be counted and mentioned.
 */
export function boardAggregate(filter: Filter | undefined, stageField: string, amountField?: string) {
  const query: AggregateQuery = {
    group_by: [{ field: stageField }],
    aggregates: [
      { fn: "count" },
      ...(amountField ? [{ fn: "sum" as const, field: amountField, as: AMOUNT }] : []),
    ],
  };
  if (filter) query.filter = filter;
  return query;
}

export interface MoneyTotal {
  currency: string;
  amount: string;
}

export interface StageTotals {
  count: number;
  /** One total per currency (amounts in different currencies are never added up). */
  amounts: MoneyTotal[];
}

const NO_TOTALS: StageTotals = { count: 0, amounts: [] };

/** Each stage's count and money per currency, the preferred currency first, then by code. */
export function totalsByStage(
  groups: readonly AggregateGroup[],
  stageField: string,
  preferredCurrency = "CNY",
): Map<string | null, StageTotals> {
  const totals = new Map<string | null, StageTotals>();
  for (const group of groups) {
    const key = group.key[stageField];
    const money = group.values[AMOUNT];
    const amounts =
      money && typeof money === "object"
        ? Object.entries(money)
            .map(([currency, amount]) => ({ currency, amount }))
            .sort((a, b) =>
              a.currency === preferredCurrency
                ? -1
                : b.currency === preferredCurrency
                  ? 1
                  : a.currency.localeCompare(b.currency),
            )
        : [];
    totals.set(key === null || key === undefined ? null : String(key), {
      count: Number(group.values.count ?? 0),
      amounts,
    });
  }
  return totals;
}

export const totalsOf = (totals: Map<string | null, StageTotals>, stage: string) =>
  totals.get(stage) ?? NO_TOTALS;

/** Records the board's filter finds that sit in no stage of this pipeline (so no column shows them). */
export function offBoardCount(totals: Map<string | null, StageTotals>, pipeline: Pick<Pipeline, "stages">) {
  const stages = new Set(pipeline.stages.map((s) => s.value));
  let count = 0;
  for (const [stage, total] of totals) if (stage === null || !stages.has(stage)) count += total.count;
  return count;
}

/** A card on its way to another stage; `savedAt` once the server accepted the move. */
export interface PendingMove {
  record: RecordData;
  from: string;
  to: string;
  savedAt?: number;
}

/**
 * The cards a column shows: its loaded records without those moving out, and the records moving in on
 * top (shown in their new stage) until the column's own reload brings them.
 */
export function columnRecords(
  stage: string,
  stageField: string,
  loaded: readonly RecordData[],
  moves: ReadonlyMap<string, PendingMove>,
): RecordData[] {
  const loadedIds = new Set(loaded.map((r) => r.id));
  const incoming: RecordData[] = [];
  for (const move of moves.values())
    if (move.to === stage && !loadedIds.has(move.record.id))
      incoming.push({ ...move.record, [stageField]: stage });
  const staying = loaded.filter((r) => {
    const move = moves.get(r.id);
    return !move || move.to === stage;
  });
  return [...incoming, ...staying];
}

/**
 * A column's count while moves are on their way: the aggregate's count, plus the cards moving in, minus
 * those moving out, for moves the aggregate (fetched at `totalsAt`) does not know of yet.
 */
export function shownCount(
  stage: string,
  count: number,
  moves: ReadonlyMap<string, PendingMove>,
  totalsAt: number,
): number {
  let shown = count;
  for (const move of moves.values()) {
    if (move.savedAt !== undefined && totalsAt >= move.savedAt) continue;
    if (move.to === stage) shown++;
    if (move.from === stage) shown--;
  }
  return Math.max(0, shown);
}

/**
 * The unmet gates of a refused move as lines to show on the card: each message as the server wrote it
 * (in the request's language), after the field's label when the gate is about another field than the stage.
 */
export function gateMessages(
  errors: ReadonlyArray<{ field: string; message: string }>,
  stageField: string,
  fieldLabel: (apiName: string) => string | undefined,
  withField: (field: string, message: string) => string = (field, message) => `${field}: ${message}`,
): string[] {
  return errors.map((error) => {
    const name = error.field.split(".").at(-1) ?? error.field;
    const label = name === stageField ? undefined : fieldLabel(name);
    return label ? withField(label, error.message) : error.message;
  });
}

/** The field whose amounts the columns add up: the first money field the cards show, else the object's first. */
export function amountFieldOf(fields: readonly FieldMeta[], shown: readonly string[]): FieldMeta | undefined {
  const money = fields.filter((f) => f.type === "currency");
  return money.find((f) => shown.includes(f.api_name)) ?? money[0];
}

/** Fields a card lists under its title: the view's first columns, less what the card shows anyway. */
export const CARD_FIELDS = 3;

export function cardFieldNames(shown: readonly string[], alreadyShown: ReadonlyArray<string | undefined>) {
  const skip = new Set(alreadyShown.filter(Boolean));
  return shown.filter((name) => !skip.has(name)).slice(0, CARD_FIELDS);
}
