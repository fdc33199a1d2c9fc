import { lazy, Suspense } from "react";
import type { FieldMeta } from "../../api/types.ts";
import type { FilterState } from "../../lib/filter-model.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

const FilterBuilder = lazy(() => import("../filter-builder.tsx").then((m) => ({ default: m.FilterBuilder })));

const NONE: FilterState = { match: "and", conditions: [] };

/**
 * Field conditions as a form input: the lists' filter builder (the same operators and value inputs a user
 * filters a list with — an address by province, a select by its options), every change kept at once.
 */
export function ConditionsInput({
  value,
  onChange,
  fields,
}: {
  value?: FilterState;
  onChange?: (value: FilterState) => void;
  fields: FieldMeta[];
}) {
  const isPhone = useIsPhone();
  return (
    <Suspense fallback={null}>
      <FilterBuilder
        fields={fields}
        value={value ?? NONE}
        onApply={(next) => onChange?.(next)}
        compact={isPhone}
        live
      />
    </Suspense>
  );
}
