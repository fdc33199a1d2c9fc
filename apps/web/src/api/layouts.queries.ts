import { useQuery } from "@tanstack/react-query";
import { http, request } from "./http-client.ts";
import type { FieldMeta, Translatable } from "./types.ts";

/** Shapes of GET/PUT /api/layouts/{object} (see the server's modules/layouts). */
export type LayoutItem =
  | { kind: "field"; field: string }
  /** The records of `object` whose many-to-one `field` points at this record, as a sub-form. */
  | { kind: "subform"; object: string; field: string };

export type SectionColumns = 1 | 2 | 3;

export interface LayoutSection {
  id: string;
  label: Translatable;
  columns: SectionColumns;
  items: LayoutItem[];
}

export interface FormLayout {
  object: string;
  /** 0 while no layout is saved (the server serves a default). */
  version: number;
  sections: LayoutSection[];
}

export const layoutKey = (object: string) => ["layout", object] as const;

export function fetchLayout(object: string, signal?: AbortSignal) {
  return http.get<FormLayout>(`/api/layouts/${object}`, undefined, signal);
}

export function useLayout(object: string | undefined) {
  return useQuery({
    queryKey: layoutKey(object ?? ""),
    queryFn: ({ signal }) => fetchLayout(object!, signal),
    enabled: Boolean(object),
    staleTime: 60_000,
  });
}

/** Sends the version the admin started from: the server answers 412 if someone else saved in between. */
export const saveLayout = (object: string, version: number, sections: LayoutSection[]) =>
  request<FormLayout>("PUT", `/api/layouts/${object}`, {
    body: { sections },
    headers: { "if-match": `"${version}"` },
  });

/** PUT /api/meta/objects/{object}/fields/order: the named fields first, in this order. */
export const reorderFields = (object: string, names: string[]) =>
  request<{ fields: FieldMeta[] }>("PUT", `/api/meta/objects/${object}/fields/order`, {
    body: { fields: names },
  });

/** One layout section with its fields resolved against the object's metadata (unknown ones skipped). */
export interface ResolvedSection {
  section: LayoutSection;
  fields: FieldMeta[];
  subforms: Array<Extract<LayoutItem, { kind: "subform" }>>;
}

/**
 * The sections a page shows: `fields` (those the page may show, in any order) grouped by the layout. The
 * server leaves out of the layout fields hidden from the user; a page that knows which fields the user sees
 * (a record's keys) passes `appendUnplaced`, so fields newer than a cached layout join the last section as
 * the server would place them. With no layout (still loading, or failed) all fields form one section.
 */
export function resolveSections(
  layout: FormLayout | undefined,
  fields: FieldMeta[],
  options: { appendUnplaced: boolean },
): ResolvedSection[] {
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const sections: ResolvedSection[] = (layout?.sections ?? []).map((section) => ({
    section,
    fields: section.items.flatMap((item) => {
      const field = item.kind === "field" ? byName.get(item.field) : undefined;
      return field ? [field] : [];
    }),
    subforms: section.items.filter((item) => item.kind === "subform"),
  }));
  const placed = new Set(sections.flatMap((s) => s.fields.map((f) => f.api_name)));
  const rest = fields.filter((f) => !placed.has(f.api_name));
  if (sections.length === 0) {
    sections.push({
      section: { id: "main", label: { "zh-CN": "", en: "" }, columns: 2, items: [] },
      fields: rest,
      subforms: [],
    });
  } else if (options.appendUnplaced) sections[sections.length - 1]!.fields.push(...rest);
  return sections;
}
