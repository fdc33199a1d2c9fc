import { Decimal } from "decimal.js";
import type { FieldDefinition, ObjectDefinition } from "../metadata/definitions.ts";
import { type CheckedFormula, checkFormula } from "./checker.ts";
import type { FormulaContext } from "./context.ts";
import { evaluateFormula } from "./evaluator.ts";
import type { FormulaType } from "./formula-types.ts";
import { formulaSchemaFromMetadata } from "./metadata-schema.ts";
import { plainFormulaRecord } from "./record.ts";
import type { FormulaValue } from "./values.ts";

/** What a form knows of an object: its fields as metadata describes them (the API's or the server's). */
export interface FormObject {
  apiName: string;
  fields: ReadonlyArray<Pick<FieldDefinition, "apiName" | "type" | "hidden" | "config">>;
}

/** A sub-form inside the form: the parent's list name and the child object its rows are records of. */
export interface FormList {
  name: string;
  object: string;
}

interface LiveFormula {
  field: string;
  type: FormulaType;
  formula: CheckedFormula;
}

/** Formula fields a form can compute itself, in an order where each reads only values computed before it. */
export interface FormFormulaPlan {
  /** The parent's live formula fields. */
  record: readonly string[];
  /** Per sub-form list, the child's live formula fields. */
  lists: Readonly<Record<string, readonly string[]>>;
  /**
   * The live formula values of the form: the parent's (plain fields first, then sub-form aggregates) and each
   * row's, shaped as the records API returns them (numbers, decimal strings for money, "YYYY-MM-DD" …). A
   * formula whose inputs are mid-edit or unreadable is left out: the caller keeps the server's value.
   */
  compute(
    values: Readonly<Record<string, unknown>>,
    rows: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>,
  ): { record: Record<string, unknown>; rows: Record<string, Array<Record<string, unknown>>> };
}

/**
 * Plans the formula fields of a form (with its sub-forms) that the browser can recompute as the user types,
 * with the same checker and evaluator the server's formulas are specified by. A formula is live when every
 * path it reads is on the form: a plain field of the record, or `<list>.<field>` of one of its sub-forms, or
 * another live formula. Relation hops (`account.tier`), lists not on the form, system columns, TODAY()/NOW()
 * and datetimes (read in the organisation's time zone, which the browser does not know) keep the server's
 * value. The server recomputes on save and stays the authority.
 * @example
 * const plan = planFormFormulas(objects, "quote", [{ name: "line_items", object: "line_item" }], context);
 * plan.compute({ title: "Q" }, { line_items: [{ quantity: 2, unit_price: 5 }] }).record.total; // 10
 */
export function planFormFormulas(
  objects: ReadonlyArray<FormObject>,
  objectName: string,
  lists: ReadonlyArray<FormList>,
  context: FormulaContext,
): FormFormulaPlan {
  // The schema reads only apiName, type, hidden and config of each field.
  const snapshot = { objects: new Map(objects.map((o) => [o.apiName, o])) } as unknown as {
    objects: ReadonlyMap<string, Pick<ObjectDefinition, "apiName" | "fields">>;
  };
  const schema = formulaSchemaFromMetadata(snapshot);
  const byName = new Map(objects.map((o) => [o.apiName, o]));
  const listOf = new Map(lists.filter((l) => byName.has(l.object)).map((l) => [l.name, l.object]));

  const liveOf = (object: string, readsList: boolean): LiveFormula[] => {
    const fields = (byName.get(object)?.fields ?? []).filter((f) => !f.hidden);
    const plain = new Set(
      fields.filter((f) => f.type !== "formula" && f.type !== "relation").map((f) => f.apiName),
    );
    const candidates = fields.flatMap((field) => {
      const source = field.type === "formula" ? field.config.expression : undefined;
      if (!source) return [];
      const result = checkFormula(source, { schema, object });
      return result.ok && !result.formula.timeDependent
        ? [{ field: field.apiName, type: result.formula.type, formula: result.formula }]
        : [];
    });
    const childLive = new Map<string, Set<string>>();
    if (readsList) for (const [name, child] of listOf) childLive.set(name, new Set(live.get(child) ?? []));
    const fieldType = (obj: string, name: string) => schema.field(obj, name);
    const isDatetime = (obj: string, name: string) => {
      const f = fieldType(obj, name);
      return f?.kind === "value" && f.type === "datetime";
    };
    // Order by dependency: each pass admits the formulas whose inputs are all known; the rest never are.
    const ordered: LiveFormula[] = [];
    const known = new Set<string>();
    let pending = candidates;
    for (let pass = 0; pass <= candidates.length && pending.length; pass++) {
      const next: LiveFormula[] = [];
      for (const candidate of pending) {
        const readable = candidate.formula.dependencies.every((path) => {
          if (path.length === 1) {
            const name = path[0]!;
            // COUNT(line_items) reads the list itself.
            if (readsList && listOf.has(name)) return true;
            return (plain.has(name) && !isDatetime(object, name)) || known.has(name);
          }
          if (path.length !== 2 || !readsList) return false;
          const [list, name] = path as [string, string];
          const child = listOf.get(list);
          if (!child) return false;
          const childField = byName.get(child)?.fields.find((f) => f.apiName === name && !f.hidden);
          if (!childField || isDatetime(child, name)) return false;
          return childField.type === "formula"
            ? (childLive.get(list)?.has(name) ?? false)
            : childField.type !== "relation";
        });
        if (readable) {
          ordered.push(candidate);
          known.add(candidate.field);
        } else next.push(candidate);
      }
      if (next.length === pending.length) break;
      pending = next;
    }
    return ordered;
  };

  // Children first: a parent aggregate may read a child's formula (SUM(line_items.amount)).
  const live = new Map<string, string[]>();
  const childPlans = new Map<string, LiveFormula[]>();
  for (const child of new Set(listOf.values())) {
    const plan = liveOf(child, false);
    childPlans.set(child, plan);
    live.set(
      child,
      plan.map((f) => f.field),
    );
  }
  const parentPlan = liveOf(objectName, true);

  const run = (plan: LiveFormula[], data: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const { field, formula } of plan) {
      try {
        const value = evaluateFormula(formula, plainFormulaRecord({ ...data, ...out }), context);
        out[field] = toApiValue(value, formula.type);
      } catch {
        // An input mid-edit that does not fit its type yet: no live value, and none for what reads it.
      }
    }
    return out;
  };

  return {
    record: parentPlan.map((f) => f.field),
    lists: Object.fromEntries([...listOf].map(([name, child]) => [name, live.get(child) ?? []])),
    compute(values, rows) {
      const computedRows: Record<string, Array<Record<string, unknown>>> = {};
      for (const [name, child] of listOf) {
        const plan = childPlans.get(child) ?? [];
        computedRows[name] = (rows[name] ?? []).map((row) => run(plan, row));
      }
      const data: Record<string, unknown> = { ...values };
      for (const name of listOf.keys()) {
        data[name] = (rows[name] ?? []).map((row, i) => ({ ...row, ...computedRows[name]![i] }));
      }
      return { record: run(parentPlan, data), rows: computedRows };
    },
  };
}

/** An evaluator value as the records API shows a formula field of that result type (see formula-type.ts). */
function toApiValue(value: FormulaValue, type: FormulaType): unknown {
  if (value === null) return null;
  if (Decimal.isDecimal(value)) {
    if (type === "currency") return value.toFixed(Math.max(2, value.decimalPlaces()));
    return value.toNumber();
  }
  if (value instanceof Date) return value.toISOString();
  return value;
}
