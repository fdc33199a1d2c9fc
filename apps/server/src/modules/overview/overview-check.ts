import {
  AGGREGATE_FUNCTIONS,
  type FieldDefinition,
  type FieldIssue,
  type MetadataSnapshot,
  OVERVIEW_LIMITS,
  type OverviewDefinition,
  readFilter,
  type Translatable,
} from "@keduo/core";
import { objectModel } from "../metadata/index.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

const isText = (value: unknown): value is Translatable =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Translatable)["zh-CN"] === "string" &&
  typeof (value as Translatable).en === "string";

/**
 * Checks an overview definition against the metadata and reports every problem at once, at its path
 * (`sections.2.via`). Related objects are named by the relation field on their side that points at `object`.
 */
export function checkOverview(snapshot: Snapshot, object: string, input: OverviewDefinition): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const push = (field: string, code: string, params?: FieldIssue["params"]) =>
    issues.push({ field, code, ...(params ? { params } : {}) });
  const fieldsOf = (name: string) => {
    const definition = snapshot.objects.get(name);
    return definition ? objectModel(definition).queryable : null;
  };
  const field = (objectName: string, name: unknown, path: string): FieldDefinition | undefined => {
    const found = typeof name === "string" ? fieldsOf(objectName)?.get(name) : undefined;
    if (!found) push(path, "unknown_field", { name: String(name) });
    return found;
  };
  /** The related object, and its relation field `via` pointing at this object. */
  const related = (part: { object?: unknown; via?: unknown }, path: string): string | null => {
    const name = String(part.object);
    if (!snapshot.objects.has(name)) {
      push(`${path}.object`, "unknown_object", { name });
      return null;
    }
    const via = field(name, part.via, `${path}.via`);
    const relation = via?.type === "relation" ? via.config.relation : undefined;
    if (via && (relation?.target !== object || relation.cardinality === "many_to_many"))
      push(`${path}.via`, "overview_not_a_link", { name: via.apiName, object });
    return name;
  };
  const filter = (objectName: string, value: unknown, path: string) => {
    if (value === undefined || value === null) return;
    const fields = fieldsOf(objectName);
    const read = fields ? readFilter(value, fields, path) : null;
    if (read && !read.ok) issues.push(...read.problems);
  };
  // KPIs and sections each name their parts (a KPI and a section may share a key).
  const keysOf = { kpis: new Set<string>(), sections: new Set<string>() };
  const keyed = (part: { key?: unknown; labels?: unknown }, path: string) => {
    const keys = keysOf[path.startsWith("kpis") ? "kpis" : "sections"];
    if (typeof part.key !== "string" || !/^[a-z][a-z0-9_]{0,62}$/.test(part.key))
      push(`${path}.key`, "invalid_api_name");
    else if (keys.has(part.key)) push(`${path}.key`, "duplicate_name", { value: part.key });
    else keys.add(part.key);
    if (!isText(part.labels)) push(`${path}.labels`, "required");
  };
  const list = <T>(value: T[] | undefined, path: string, max: number): T[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      push(path, "invalid_type", { expected: "list" });
      return [];
    }
    if (value.length > max) push(path, "too_many", { max });
    return value;
  };

  list(input.kpis, "kpis", OVERVIEW_LIMITS.kpis).forEach((kpi, i) => {
    const path = `kpis.${i}`;
    keyed(kpi, path);
    if (kpi.source === "record") {
      field(object, kpi.field, `${path}.field`);
      return;
    }
    if (kpi.source !== "related") {
      push(`${path}.source`, "invalid_option", { value: String((kpi as { source: unknown }).source) });
      return;
    }
    const name = related(kpi, path);
    if (!AGGREGATE_FUNCTIONS.includes(kpi.fn))
      push(`${path}.fn`, "invalid_option", { value: String(kpi.fn) });
    if (!name) return;
    if (kpi.fn !== "count") field(name, kpi.field, `${path}.field`);
    filter(name, kpi.filter, `${path}.filter`);
  });

  list(input.sections, "sections", OVERVIEW_LIMITS.sections).forEach((section, i) => {
    const path = `sections.${i}`;
    keyed(section, path);
    const name = related(section, path);
    const limit = section.limit ?? 5;
    if (!Number.isInteger(limit) || limit < 1 || limit > OVERVIEW_LIMITS.sectionRows)
      push(`${path}.limit`, "out_of_range", { min: 1, max: OVERVIEW_LIMITS.sectionRows });
    if (!name) return;
    list(section.fields, `${path}.fields`, 20).forEach((f, j) => {
      field(name, f, `${path}.fields.${j}`);
    });
    if (section.sort !== undefined) field(name, String(section.sort).replace(/^-/, ""), `${path}.sort`);
    filter(name, section.filter, `${path}.filter`);
  });

  list(input.timeline, "timeline", OVERVIEW_LIMITS.timeline).forEach((source, i) => {
    const path = `timeline.${i}`;
    if (source.kind === "field_history") return;
    if (source.kind === "stage_changes") {
      if (source.object !== undefined || source.via !== undefined) related(source, path);
      return;
    }
    if (source.kind !== "records") {
      push(`${path}.kind`, "invalid_option", { value: String((source as { kind: unknown }).kind) });
      return;
    }
    const name = related(source, path);
    if (!name) return;
    const at = field(name, source.at, `${path}.at`);
    if (at && at.type !== "date" && at.type !== "datetime")
      push(`${path}.at`, "overview_not_a_date", { name: at.apiName });
    field(name, source.title, `${path}.title`);
    if (source.type !== undefined) field(name, source.type, `${path}.type`);
  });
  return issues;
}
