import type { FormFormulaPlan, FormList } from "@keduo/core";
import { Form, type FormInstance } from "antd";
import { useEffect, useMemo, useState } from "react";
import type { ObjectMeta } from "../api/types.ts";

export interface LiveFormulas {
  /** The parent's formula fields the form recomputes as the user types. */
  record: ReadonlySet<string>;
  /** Per sub-form list, the child's live formula fields. */
  lists: Readonly<Record<string, readonly string[]>>;
}

const NONE: LiveFormulas = { record: new Set(), lists: {} };
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Recomputes formula fields in the browser as the user types, with the evaluator of packages/core: the
 * parent's formulas (also aggregates over sub-form rows, e.g. SUM(line_items.amount)) and each row's. Only
 * formulas that read nothing but the form's own values and sub-form rows are live; the rest keep the
 * server's value. Values go into the form store (formula fields are read-only, so no payload sends them);
 * the server recomputes on save and the saved record shows its result.
 */
export function useLiveFormulas(
  form: FormInstance,
  object: ObjectMeta,
  objects: ObjectMeta[],
  lists: ReadonlyArray<{ name: string; object: ObjectMeta }>,
): LiveFormulas {
  const formLists: FormList[] = useMemo(
    () => lists.map((l) => ({ name: l.name, object: l.object.api_name })),
    [lists],
  );
  const hasFormulas = [object, ...lists.map((l) => l.object)].some((o) =>
    o.fields.some((f) => f.type === "formula" && !f.hidden),
  );
  const [plan, setPlan] = useState<FormFormulaPlan | null>(null);
  useEffect(() => {
    if (!hasFormulas || objects.length === 0) return;
    let current = true;
    void import("./live-formula-engine.ts").then((engine) => {
      if (current) setPlan(engine.planForForm(objects, object.api_name, formLists));
    });
    return () => {
      current = false;
    };
  }, [hasFormulas, objects, object.api_name, formLists]);

  const values = Form.useWatch((all: Record<string, unknown>) => all, { form, preserve: true });
  useEffect(() => {
    if (!plan || !values) return;
    const rows = Object.fromEntries(
      formLists.map((l) => [l.name, (values[l.name] as Array<Record<string, unknown>> | undefined) ?? []]),
    );
    const computed = plan.compute(values, rows);
    const updates: Array<{ name: (string | number)[]; value: unknown }> = [];
    for (const [name, value] of Object.entries(computed.record))
      if (!same(form.getFieldValue(name), value)) updates.push({ name: [name], value });
    for (const [list, listRows] of Object.entries(computed.rows)) {
      listRows.forEach((row, index) => {
        for (const [name, value] of Object.entries(row))
          if (!same(form.getFieldValue([list, index, name]), value))
            updates.push({ name: [list, index, name], value });
      });
    }
    // Setting values does not count as the user's edit (onValuesChange stays quiet), and the next pass
    // finds nothing to change, so this settles at once.
    if (updates.length) form.setFields(updates);
  }, [plan, values, form, formLists]);

  return useMemo(() => (plan ? { record: new Set(plan.record), lists: plan.lists } : NONE), [plan]);
}
