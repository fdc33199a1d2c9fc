import type { OverviewSection, OverviewSectionValue } from "@keduo/core";
import type { AccessContext } from "../access/index.ts";
import { type OverviewDeps, orAbsent, readableFields, relatedFilter } from "./overview-reads.ts";

/** Each related list is its first page and its count, read as the reader (two statements per section). */
export async function computeSections(
  deps: OverviewDeps,
  access: AccessContext,
  sections: readonly OverviewSection[],
  id: string,
): Promise<OverviewSectionValue[]> {
  const values = await Promise.all(
    sections.map(async (section): Promise<OverviewSectionValue | null> => {
      const fields = readableFields(access, access.snapshot, section.object);
      if (!fields?.has(section.via)) return null;
      const sort = section.sort ?? "-created_at";
      if (!fields.has(sort.replace(/^-/, ""))) return null;
      const page = await orAbsent(() =>
        deps.reads.list(
          section.object,
          {
            filter: relatedFilter(section.via, id, section.filter),
            fields: section.fields.filter((name) => fields.has(name)),
            // Related records are shown by name, not id: the list's own expand (reader-scoped, one join).
            expand: section.fields.filter((name) => {
              const field = fields.get(name);
              return field?.type === "relation" && field.config.relation?.cardinality === "many_to_one";
            }),
            sort,
            limit: section.limit ?? 5,
            count: true,
          },
          access,
        ),
      );
      if (!page) return null;
      return {
        key: section.key,
        labels: section.labels,
        object: section.object,
        via: section.via,
        records: page.records,
        total: page.total ?? page.records.length,
        total_estimated: page.total_estimated ?? false,
      };
    }),
  );
  return values.filter((v): v is OverviewSectionValue => v !== null);
}
