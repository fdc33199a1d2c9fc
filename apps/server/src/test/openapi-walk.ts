// Walks the operations of the running server's own OpenAPI document and builds request values from their JSON
// schemas, so the probe and fuzz suites reach every route, including routes added after they were written.
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { HttpClient } from "./http-client.ts";

export type Schema = Record<string, any>;

export interface ApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Schema;
}

export interface ApiOperation {
  /** `METHOD /path/{param}` as the document names it: the key findings and allowlists use. */
  key: string;
  method: string;
  path: string;
  /** `x-keduo-access`: public, authenticated or the permission the route requires. */
  access: string;
  parameters: ApiParameter[];
  /** The JSON request body's schema, refs resolved; null when the operation declares no JSON body. */
  body: Schema | null;
  /** The JSON schema of the first 2xx answer, refs resolved; null when none is declared. */
  response: Schema | null;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Inlines `#/components/...` references (the document has no recursive schemas; depth guards it anyway). */
function resolveRefs(value: unknown, document: Schema, depth = 0): unknown {
  if (depth > 50 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, document, depth + 1));
  const ref = (value as Schema).$ref;
  if (typeof ref === "string" && ref.startsWith("#/")) {
    const target = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((node, key) => (node as Schema)?.[key], document);
    return resolveRefs(target, document, depth + 1);
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, resolveRefs(item, document, depth + 1)]),
  );
}

function successSchema(responses: Record<string, Schema> | undefined): Schema | null {
  const success = Object.entries(responses ?? {}).find(([status]) => status.startsWith("2"))?.[1];
  return (success?.content?.["application/json"]?.schema as Schema | undefined) ?? null;
}

/** The properties of one object's records, from the document's list operation for that object. */
export function recordProperties(operations: ApiOperation[], object: string): Record<string, Schema> {
  const list = operations.find((operation) => operation.key === `GET /api/records/${object}`);
  return (list?.response?.properties?.records?.items?.properties ?? {}) as Record<string, Schema>;
}

/** Every operation of `GET /api/openapi.json` as the given client is served it. */
export async function fetchOperations(client: HttpClient): Promise<ApiOperation[]> {
  const response = await client.get("/api/openapi.json");
  if (response.status !== 200) throw new Error(`openapi.json: ${response.status}`);
  const document = response.body as Schema;
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Schema>)) {
    for (const method of METHODS) {
      const operation = item[method] as Schema | undefined;
      if (!operation) continue;
      const resolved = resolveRefs(operation, document) as Schema;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        access: String(resolved["x-keduo-access"]),
        parameters: (resolved.parameters ?? []) as ApiParameter[],
        body: (resolved.requestBody?.content?.["application/json"]?.schema as Schema | undefined) ?? null,
        response: successSchema(resolved.responses as Record<string, Schema> | undefined),
      });
    }
  }
  return operations;
}

export const pathParameterNames = (operation: ApiOperation) =>
  [...operation.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name!);

/** The concrete path: each `{name}` replaced verbatim (callers encode, or deliberately do not). */
export function fillPath(path: string, valueFor: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => valueFor(name));
}

export function withQuery(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/** A seed that depends on the operation only, so a new route does not reshuffle the values of the others. */
export function seedOf(text: string): number {
  return createHash("sha256").update(text).digest().readInt32LE(0);
}

const typesOf = (schema: Schema): string[] =>
  Array.isArray(schema.type) ? schema.type : typeof schema.type === "string" ? [schema.type] : [];

/** Whether a value of this schema can hold an id (a uuid-formatted string somewhere inside). */
export function holdsIds(schema: Schema | undefined, depth = 0): boolean {
  if (!schema || typeof schema !== "object" || depth > 20) return false;
  if (schema.format === "uuid") return true;
  const children = [
    ...Object.values((schema.properties ?? {}) as Record<string, Schema>),
    schema.items,
    typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined,
    ...((schema.anyOf ?? []) as Schema[]),
    ...((schema.oneOf ?? []) as Schema[]),
  ];
  return children.some((child) => holdsIds(child, depth + 1));
}

export interface ValueOptions {
  /** Every uuid-formatted string. */
  uuid: fc.Arbitrary<string>;
  /** Strings without a format, enum or pattern. */
  text: fc.Arbitrary<string>;
  /**
   * Which optional properties an object gets: "random" lets fast-check choose, "ids" keeps exactly those that
   * can hold ids (the probe's interest) and only the property named by `only` when it is given.
   */
  optional: "random" | "ids";
  only?: string;
}

export const plainText = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 1 });

function stringArbitrary(schema: Schema, options: ValueOptions): fc.Arbitrary<string> {
  const min = Number(schema.minLength ?? 0);
  const max = Math.max(min, Math.min(Number(schema.maxLength ?? 24), 24));
  switch (schema.format) {
    case "uuid":
      return options.uuid;
    case "email":
    case "idn-email":
      return fc.emailAddress();
    case "date":
      return fc
        .date({ min: new Date("2000-01-01"), max: new Date("2040-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case "date-time":
      return fc
        .date({ min: new Date("2000-01-01"), max: new Date("2040-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "uri":
      return fc.webUrl();
  }
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern));
  return options.text.map((text) => text.padEnd(min, "x").slice(0, max));
}

function objectArbitrary(schema: Schema, options: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  const keys = Object.keys(properties).filter((key) => {
    if (required.has(key)) return true;
    if (properties[key]!.readOnly) return false;
    if (options.optional === "random") return true;
    return holdsIds(properties[key]) && (options.only === undefined || options.only === key);
  });
  const model = Object.fromEntries(
    keys.map((key) => [key, valueArbitrary(properties[key]!, { ...options, only: undefined }, depth + 1)]),
  );
  const requiredKeys = options.optional === "random" ? keys.filter((key) => required.has(key)) : keys;
  return fc.record(model, { requiredKeys });
}

/**
 * Values valid for a JSON schema (the subset our routes use: types, enum, const, anyOf/oneOf, properties,
 * items, bounds, formats, patterns); an empty schema gets an empty object.
 */
export function valueArbitrary(schema: Schema, options: ValueOptions, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (choices?.length) {
    const preferred = options.optional === "ids" ? choices.filter((choice) => holdsIds(choice)) : [];
    return fc.oneof(
      ...(preferred.length ? preferred : choices).map((c) => valueArbitrary(c, options, depth)),
    );
  }
  // A nullable type is given a value: null would hide the slot from the probe and tells the fuzz little.
  const type = typesOf(schema).find((t) => t !== "null") ?? (typesOf(schema).length ? "null" : "object");
  switch (type) {
    case "string":
      return stringArbitrary(schema, options);
    case "integer":
    case "number": {
      const min = Number(schema.minimum ?? 0);
      const max = Number(schema.maximum ?? Math.max(min, 100));
      return fc.integer({ min, max });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const item = valueArbitrary((schema.items ?? {}) as Schema, options, depth + 1);
      const minLength = Number(schema.minItems ?? 0);
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxItems ?? 3), 3));
      // The probe wants its id in the array: one element is enough.
      if (options.optional === "ids")
        return fc.array(item, { minLength: Math.max(1, minLength), maxLength: 1 });
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    default:
      return objectArbitrary(schema, options, depth);
  }
}

/** `count` values of an arbitrary, the same on every run. */
export function sampleOf<T>(arbitrary: fc.Arbitrary<T>, seed: number, count = 1): T[] {
  return fc.sample(arbitrary, { seed, numRuns: count });
}

/** The names of the optional properties of a body schema that can hold ids (one probe variant each). */
export const idProperties = (schema: Schema): string[] =>
  Object.entries((schema.properties ?? {}) as Record<string, Schema>)
    .filter(([, property]) => !property.readOnly && holdsIds(property))
    .map(([name]) => name);
