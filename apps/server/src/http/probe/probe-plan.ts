// Which requests the cross-user probe sends for one operation: the victim's ids in every path parameter and in
// every id-holding body property, each paired with a twin that carries a made-up id in the same place (the two
// answers must not differ), plus a plain call when the operation takes no id at all.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import {
  type ApiOperation,
  fillPath,
  holdsIds,
  idProperties,
  pathParameterNames,
  plainText,
  recordProperties,
  type Schema,
  sampleOf,
  seedOf,
  valueArbitrary,
  withQuery,
} from "../../test/openapi-walk.ts";
import { HIDDEN_FIELD, OBJECTS, type VictimWorld } from "./victim-world.ts";

export interface ProbeRequest {
  method: string;
  path: string;
  body?: unknown;
  /** What was put where, for findings: e.g. `path id = victim deal` or `body customer = victim file`. */
  label: string;
  /** The same request with a made-up value in place of the victim's: must be answered alike. */
  twin?: { path: string; body?: unknown };
}

const ROUTE_OBJECT = /^\/api\/records\/([a-z][a-z0-9_]*)(?:\/|$)/;

/** The objects an operation is probed on: both for `{object}` routes, the path's own for per-object routes. */
export function objectsOf(operation: ApiOperation): string[] {
  if (operation.path.includes("{object}")) return [...OBJECTS];
  const named = ROUTE_OBJECT.exec(operation.path)?.[1];
  return named && (OBJECTS as readonly string[]).includes(named) ? [named] : [""];
}

/** A valid value of the attacker's own for a path parameter, so that a request reaches the check under test. */
function ownValue(world: VictimWorld, operation: ApiOperation, name: string, object: string): string {
  const { own } = world;
  if (name === "object") return object;
  if (name === "field") return "name";
  if (name === "share") return own.share;
  const prefix = operation.path.split("/")[2];
  const byPrefix: Record<string, string | undefined> = {
    records: object === "deal" ? own.deal : own.customer,
    views: own.view[object],
    imports: own.import,
    files: own.file,
    auth: own.token,
  };
  return byPrefix[prefix ?? ""] ?? randomUUID();
}

/** The victim's values for one path parameter, each with the made-up value its answer is compared with. */
function victimValues(
  world: VictimWorld,
  name: string,
): Array<{ label: string; value: string; made: string }> {
  if (name === "object") return [];
  if (name === "field") return [{ label: "hidden field", value: HIDDEN_FIELD, made: "no_such_field" }];
  return Object.entries(world.victimIds).map(([label, value]) => ({
    label: `victim ${label}`,
    value,
    made: randomUUID(),
  }));
}

const requiredQuery = (operation: ApiOperation, seed: number): Record<string, string> =>
  Object.fromEntries(
    operation.parameters
      .filter((p) => p.in === "query" && p.required)
      .map((p) => [p.name, String(sampleOf(valueArbitrary(p.schema, { ...idOptions("") }), seed)[0])]),
  );

function idOptions(id: string, only?: string) {
  return { uuid: fc.constant(id), text: plainText, optional: "ids" as const, ...(only ? { only } : {}) };
}

/** Bodies with `id` in every id slot at once and in each optional id slot alone (the others left out). */
function bodiesWith(schema: Schema | null, id: string, seed: number): unknown[] {
  if (!schema) return [undefined];
  const all = sampleOf(valueArbitrary(schema, idOptions(id)), seed)[0];
  const alone = idProperties(schema).map(
    (only) => sampleOf(valueArbitrary(schema, idOptions(id, only)), seed)[0],
  );
  const unique = new Map([all, ...alone].map((body) => [JSON.stringify(body), body]));
  return [...unique.values()];
}

/** Replaces every occurrence of one id in a body (the twin's made-up id in the victim's place). */
const swapId = (body: unknown, from: string, to: string): unknown =>
  body === undefined ? undefined : JSON.parse(JSON.stringify(body).replaceAll(from, to));

const RECORD_CANARIES = ["customer-name", "deal-title", "hidden-field"];

/** Text properties of an object's records (lookups included): where a filter or a sort can surface a value. */
function textProperties(operations: ApiOperation[], object: string): string[] {
  return Object.entries(recordProperties(operations, object))
    .filter(
      ([, schema]) =>
        // A formula's schema has no type (its result type is in its description): text ones are what we want.
        schema["x-keduo-type"] === "formula" ||
        (JSON.stringify(schema.type ?? "").includes("string") && !schema.format && !schema.enum),
    )
    .map(([name]) => name);
}

/**
 * For list-like operations (those taking a filter and a sort): a filter on each text property for the start of
 * each victim value (never the whole value, so an echo is no leak), with counts, against a made-up start; and a
 * sort on each, one record a page, so the cursor carries the sort value (cursors are decoded when inspected).
 */
function planListProbes(
  world: VictimWorld,
  operation: ApiOperation,
  operations: ApiOperation[],
  object: string,
  ownPath: string,
) {
  const query = new Set(operation.parameters.filter((p) => p.in === "query").map((p) => p.name));
  const body = new Set(Object.keys(operation.body?.properties ?? {}));
  const takes = (name: string) => query.has(name) || body.has(name);
  if (!takes("filter") || !takes("sort")) return [];
  const call = (label: string, values: Record<string, unknown>) => {
    const inQuery = Object.entries(values).filter(([name]) => query.has(name));
    const inBody = Object.entries(values).filter(([name]) => body.has(name));
    const path = withQuery(
      ownPath,
      Object.fromEntries(
        inQuery.map(([name, value]) => [name, typeof value === "string" ? value : JSON.stringify(value)]),
      ),
    );
    return {
      method: operation.method,
      path,
      body: operation.body ? Object.fromEntries(inBody) : undefined,
      label,
    };
  };
  const requests: ProbeRequest[] = [];
  for (const property of textProperties(operations, object)) {
    for (const name of RECORD_CANARIES) {
      const start = world.canaries[name]!.slice(0, -1);
      const made = `zz${randomUUID().replaceAll("-", "")}`.slice(0, start.length);
      const filtered = (text: string) => ({ filter: { [property]: { starts_with: text } }, count: true });
      const request = call(`filter ${property} starts with ${name} on ${object}`, filtered(start));
      const twin = call("", filtered(made));
      requests.push({ ...request, twin: { path: twin.path, body: twin.body } });
    }
    requests.push(call(`sort ${property} on ${object}`, { sort: property, limit: 1 }));
  }
  return requests;
}

export function planProbe(
  world: VictimWorld,
  operation: ApiOperation,
  operations: ApiOperation[],
): ProbeRequest[] {
  const seed = seedOf(operation.key);
  const requests: ProbeRequest[] = [];
  const names = pathParameterNames(operation);
  const withQueryOf = (path: string) => withQuery(path, requiredQuery(operation, seed));
  for (const object of objectsOf(operation)) {
    const own = (name: string) => ownValue(world, operation, name, object);
    const ownPath = withQueryOf(fillPath(operation.path, own));
    const on = object ? ` on ${object}` : "";
    const [plainBody] = bodiesWith(operation.body, randomUUID(), seed);
    // The victim's ids in each path parameter in turn.
    for (const name of names) {
      for (const { label, value, made } of victimValues(world, name)) {
        const path = (chosen: string) =>
          withQueryOf(fillPath(operation.path, (n) => (n === name ? encodeURIComponent(chosen) : own(n))));
        requests.push({
          method: operation.method,
          path: path(value),
          body: plainBody,
          label: `path ${name} = ${label}${on}`,
          twin: { path: path(made), body: plainBody },
        });
      }
    }
    if (object) requests.push(...planListProbes(world, operation, operations, object, ownPath));
    // The victim's ids in each query parameter that takes an id.
    for (const parameter of operation.parameters.filter((p) => p.in === "query" && holdsIds(p.schema))) {
      for (const { label, value, made } of victimValues(world, parameter.name)) {
        const path = (chosen: string) =>
          withQuery(fillPath(operation.path, own), {
            ...requiredQuery(operation, seed),
            [parameter.name]: chosen,
          });
        requests.push({
          method: operation.method,
          path: path(value),
          body: plainBody,
          label: `query ${parameter.name} = ${label}${on}`,
          twin: { path: path(made), body: plainBody },
        });
      }
    }
    // The victim's ids in the body.
    const victimBodies =
      operation.body && idProperties(operation.body).length + (holdsRequiredIds(operation.body) ? 1 : 0);
    if (victimBodies) {
      for (const [label, id] of Object.entries(world.victimIds)) {
        const made = randomUUID();
        for (const body of bodiesWith(operation.body, id, seed)) {
          requests.push({
            method: operation.method,
            path: ownPath,
            body,
            label: `body ids = victim ${label}${on}: ${JSON.stringify(body).slice(0, 160)}`,
            twin: { path: ownPath, body: swapId(body, id, made) },
          });
        }
      }
    }
    if (!names.some((name) => name !== "object") && !victimBodies) {
      requests.push({ method: operation.method, path: ownPath, body: plainBody, label: `plain call${on}` });
    }
  }
  return requests;
}

function holdsRequiredIds(schema: Schema): boolean {
  const required: string[] = Array.isArray(schema.required) ? schema.required : [];
  return required.some((name) => holdsIds(schema.properties?.[name]));
}
