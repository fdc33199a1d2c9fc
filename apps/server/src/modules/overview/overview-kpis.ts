import type { FieldDefinition, OverviewKpi, OverviewKpiValue } from "@keduo/core";
import type { AccessContext } from "../access/index.ts";
import { type OverviewDeps, orAbsent, readableFields, relatedFilter } from "./overview-reads.ts";

const kindOf = (fn: string, field: FieldDefinition | undefined): OverviewKpiValue["kind"] => {
  if (fn === "count" || fn === "count_distinct") return "count";
  if (field?.type === "currency") return "money";
  if (field?.type === "date" || field?.type === "datetime") return field.type;
  return "number";
};

/** Each KPI is one reader-scoped aggregate statement (a record KPI reads the record already loaded). */
export async function computeKpis(
  deps: OverviewDeps,
  access: AccessContext,
  kpis: readonly OverviewKpi[],
  record: { id: string; values: Record<string, unknown> },
): Promise<OverviewKpiValue[]> {
  const values = await Promise.all(
    kpis.map(async (kpi): Promise<OverviewKpiValue | null> => {
      if (kpi.source === "record") {
        if (!(kpi.field in record.values)) return null;
        return {
          key: kpi.key,
          labels: kpi.labels,
          value: (record.values[kpi.field] ?? null) as never,
          kind: "value",
        };
      }
      const fields = readableFields(access, access.snapshot, kpi.object);
      if (!fields?.has(kpi.via) || (kpi.field && !fields.has(kpi.field))) return null;
      const result = await orAbsent(() =>
        deps.aggregates.aggregate(
          kpi.object,
          {
            filter: relatedFilter(kpi.via, record.id, kpi.filter),
            aggregates: [{ fn: kpi.fn, ...(kpi.field ? { field: kpi.field } : {}), as: "value" }],
          },
          access,
        ),
      );
      if (!result) return null;
      const value = result.groups[0]?.values.value ?? null;
      const kind = kindOf(kpi.fn, kpi.field ? fields.get(kpi.field) : undefined);
      // No related records: a count is 0, money is an empty map, the rest has no value.
      const empty = kind === "count" ? 0 : kind === "money" ? {} : null;
      return { key: kpi.key, labels: kpi.labels, value: value ?? empty, kind };
    }),
  );
  return values.filter((v): v is OverviewKpiValue => v !== null);
}
