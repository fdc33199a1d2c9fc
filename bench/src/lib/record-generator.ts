import {
  type FieldDefinition,
  type FieldDefinitionInput,
  type FieldTypeContext,
  fieldTypeOf,
  type Translatable,
} from "@keduo/core";
import { createRng, type Rng, seededUuidv7, seedFrom } from "./random.ts";

export interface GenerationContext {
  rng: Rng;
  /** Position of the record in its object (0-based). */
  index: number;
  /** A random id among the records of an object generated earlier in the same data set. */
  ref(object: string): string;
}

export interface FieldSpec {
  input: Omit<FieldDefinitionInput, "labels"> & { labels?: Translatable };
  /** The value in API form (what a client would send), derived only from `ctx`. */
  value(ctx: GenerationContext): unknown;
}

export interface ObjectSpec {
  apiName: string;
  labels: Translatable;
  rows: number;
  fields: FieldSpec[];
}

/** Objects in dependency order: a relation's target comes before the objects that refer to it. */
export interface DatasetSpec {
  name: string;
  seed: number;
  objects: ObjectSpec[];
}

export interface GeneratedRecord {
  id: string;
  createdAt: Date;
  values: Record<string, unknown>;
}

// Stored records are spread evenly over two years, so UUID v7 ids and created_at grow together.
const TIMELINE_START = Date.UTC(2024, 0, 1);
const TIMELINE_SPAN = 2 * 365 * 24 * 3600 * 1000;

export const SYSTEM_COLUMNS = [
  "id",
  "created_at",
  "updated_at",
  "created_by",
  "updated_by",
  "owner_id",
  "version",
] as const;

// Only rich text and addresses consult the context; the generators produce neither.
const fieldContext: FieldTypeContext = {
  sanitizeHtml: (html) => html,
  isValidDivision: () => true,
};

export function objectSpec(spec: DatasetSpec, apiName: string): ObjectSpec {
  const object = spec.objects.find((o) => o.apiName === apiName);
  if (!object) throw new Error(`data set ${spec.name} has no object ${apiName}`);
  return object;
}

/** Deterministic records of a data set; the same spec and seed give the same ids and values. */
export class RecordGenerator {
  readonly spec: DatasetSpec;
  private readonly ids = new Map<string, string[]>();

  constructor(spec: DatasetSpec) {
    this.spec = spec;
  }

  /** The ids of an object's stored records, in creation order. */
  idsOf(object: string): string[] {
    let ids = this.ids.get(object);
    if (!ids) {
      const { rows } = objectSpec(this.spec, object);
      const rng = createRng(seedFrom(this.spec.seed, object, "ids"));
      ids = Array.from({ length: rows }, (_, i) => seededUuidv7(timestampOf(i, rows), rng));
      this.ids.set(object, ids);
    }
    return ids;
  }

  /**
   * The object's records: `stream: "stored"` gives the records a data set is loaded with; any other stream
   * name gives fresh values (e.g. bodies for create calls) from an independent sequence.
   */
  *records(object: string, options: { stream?: string; count?: number } = {}): Generator<GeneratedRecord> {
    const spec = objectSpec(this.spec, object);
    const stream = options.stream ?? "stored";
    const stored = stream === "stored";
    const count = options.count ?? spec.rows;
    const rng = createRng(seedFrom(this.spec.seed, object, stream));
    const referenced = new Set(spec.fields.flatMap((f) => f.input.config?.relation?.target ?? []));
    const targets = new Map([...referenced].map((name) => [name, this.idsOf(name)]));
    const ids = stored && this.isReferenced(object) ? this.idsOf(object) : null;
    const idRng = createRng(seedFrom(this.spec.seed, object, "ids"));
    const ctx: GenerationContext = { rng, index: 0, ref: (name) => rng.pick(targets.get(name) ?? []) };
    for (let i = 0; i < count; i++) {
      ctx.index = i;
      const ms = timestampOf(i, count);
      const values: Record<string, unknown> = {};
      for (const field of spec.fields) values[field.input.api_name] = field.value(ctx);
      yield { id: ids?.[i] ?? seededUuidv7(ms, idRng), createdAt: new Date(ms), values };
    }
  }

  private isReferenced(object: string): boolean {
    return this.spec.objects.some((o) => o.fields.some((f) => f.input.config?.relation?.target === object));
  }
}

function timestampOf(index: number, count: number): number {
  return TIMELINE_START + Math.floor((index * TIMELINE_SPAN) / Math.max(1, count));
}

/** Table columns of an object: the system columns, then each field's columns (a currency has two). */
export function tableColumns(fields: readonly FieldDefinition[]): string[] {
  const columns: string[] = [...SYSTEM_COLUMNS];
  for (const field of fields)
    for (const spec of fieldTypeOf(field.type).columns(field)) columns.push(spec.name);
  return columns;
}

/**
 * A generated record as a table row in `tableColumns` order, encoded by the field types' own `toColumns`
 * (what the records service stores for the same API values).
 */
export function encodeRow(
  fields: readonly FieldDefinition[],
  record: GeneratedRecord,
  ownerId: string,
): unknown[] {
  const row: unknown[] = [record.id, record.createdAt, record.createdAt, ownerId, ownerId, ownerId, 1];
  for (const field of fields) {
    const type = fieldTypeOf(field.type);
    const parsed = type.toColumns(record.values[field.apiName] ?? null, field, fieldContext);
    if (!parsed.ok) throw new Error(`generated ${field.apiName} is invalid: ${parsed.code}`);
    for (const spec of type.columns(field)) row.push(parsed.value[spec.name] ?? null);
  }
  return row;
}
