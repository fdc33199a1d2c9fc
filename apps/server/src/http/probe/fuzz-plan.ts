// Which requests the schema fuzz sends for one operation: valid values generated from its schemas (fixed seed
// per operation), each hostile string in one slot (body leaf, query or path parameter, in turn), wrong types,
// hostile whole bodies, and crafted cursors for keyset lists. Bounded: a few dozen requests an operation.
import fc from "fast-check";
import {
  type ApiOperation,
  fillPath,
  pathParameterNames,
  plainText,
  recordProperties,
  sampleOf,
  seedOf,
  valueArbitrary,
  withQuery,
} from "../../test/openapi-walk.ts";
import { cursorOf, deeplyNested, HOSTILE_BODIES, HOSTILE_STRINGS, wrongTypeOf } from "./hostile-values.ts";

export interface FuzzRequest {
  method: string;
  path: string;
  /** JSON-serialised unless a string or bytes (sent as they are). */
  body?: unknown;
  contentType?: string;
  label: string;
}

const VALID_SAMPLES = 3;
const NOT_A_UUID_BUT_SHAPED = "------------------------------------";

const randomOptions = { uuid: fc.uuid(), text: plainText, optional: "random" as const };

type Slot = { kind: "path" | "query"; name: string } | { kind: "body"; at: Array<string | number> };

/** The paths of every string (and, for top-level properties, every) value in a body. */
function bodySlots(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === "string" || (at.length === 1 && (value === null || typeof value !== "object")))
    return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => bodySlots(item, [...at, i]));
  if (value && typeof value === "object") {
    const own = at.length === 1 ? [at] : [];
    return [...own, ...Object.entries(value).flatMap(([key, item]) => bodySlots(item, [...at, key]))];
  }
  return [];
}

function setAt(body: unknown, at: Array<string | number>, value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at.at(-1)!] = value;
  return copy;
}

export interface FuzzTargets {
  /** A valid value for a path parameter of an operation, so that requests reach deeper than the router. */
  pathValue(operation: ApiOperation, name: string): string;
  operations: ApiOperation[];
}

function validQuery(operation: ApiOperation, seed: number): Record<string, string> {
  const query: Record<string, string> = {};
  for (const parameter of operation.parameters.filter((p) => p.in === "query")) {
    const [value] = sampleOf(
      fc.option(valueArbitrary(parameter.schema, randomOptions), { nil: undefined }),
      seed,
    );
    if (value !== undefined)
      query[parameter.name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return query;
}

/**
 * Crafted keyset cursors: a sort value of the wrong type for a field of each type, and an id that passes the
 * cursor's shape check but is no UUID. Per-object list paths are the `{object}` routes again: skipped here.
 */
function cursorRequests(operation: ApiOperation, targets: FuzzTargets, path: string): FuzzRequest[] {
  const inQuery = operation.parameters.some((p) => p.in === "query" && p.name === "cursor");
  const inBody = Boolean(operation.body?.properties?.cursor);
  const sorts =
    operation.parameters.some((p) => p.name === "sort") || Boolean(operation.body?.properties?.sort);
  if (!(inQuery || inBody) || !sorts || !operation.path.includes("{object}")) return [];
  const object = /\/api\/records\/([a-z_]+)/.exec(path)?.[1] ?? "";
  const byType = new Map<string, string>();
  for (const [field, schema] of Object.entries(recordProperties(targets.operations, object))) {
    const type = String(schema["x-keduo-type"] ?? schema.format ?? schema.type);
    if (!byType.has(type)) byType.set(type, field);
  }
  const crafted = [...byType].map(([type, field]) => ({
    label: `cursor: text for ${field} (${type})`,
    field,
    cursor: cursorOf([field, ["abc"], "01a24989-f593-71fd-ac56-cdb4f6d13a60"]),
  }));
  crafted.push({
    label: "cursor: id not a UUID",
    field: "name",
    cursor: cursorOf(["name", [null], NOT_A_UUID_BUT_SHAPED]),
  });
  return crafted.map(({ label, field, cursor }) =>
    inQuery
      ? { method: operation.method, path: withQuery(path, { sort: field, cursor, limit: "2" }), label }
      : { method: operation.method, path, body: { sort: field, cursor, limit: 2 }, label },
  );
}

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) as its CESU-8 bytes. */
const encodePathSegment = (value: string) =>
  value.isWellFormed()
    ? encodeURIComponent(value)
    : encodeURIComponent(value.toWellFormed()).replaceAll("%EF%BF%BD", "%ED%A0%80");

export function planFuzz(operation: ApiOperation, targets: FuzzTargets): FuzzRequest[] {
  const seed = seedOf(operation.key);
  const names = pathParameterNames(operation);
  const path = fillPath(operation.path, (name) => encodeURIComponent(targets.pathValue(operation, name)));
  const requests: FuzzRequest[] = [];
  const sendsBody = ["POST", "PUT", "PATCH"].includes(operation.method);
  const bodies = operation.body
    ? sampleOf(valueArbitrary(operation.body, randomOptions), seed, VALID_SAMPLES)
    : [sendsBody ? {} : undefined];
  bodies.forEach((body, i) => {
    requests.push({
      method: operation.method,
      path: withQuery(path, validQuery(operation, seed + i)),
      body,
      label: `valid #${i + 1}`,
    });
  });
  const base = bodies[0];
  const queryNames = operation.parameters.filter((p) => p.in === "query").map((p) => p.name);
  const slots: Slot[] = [
    ...bodySlots(base).map((at) => ({ kind: "body" as const, at })),
    ...queryNames.map((name) => ({ kind: "query" as const, name })),
    ...names.map((name) => ({ kind: "path" as const, name })),
  ];
  // Each hostile string in one slot, the slots taken in turn so that every slot gets some.
  HOSTILE_STRINGS.forEach((hostile, i) => {
    const slot = slots[i % Math.max(1, slots.length)];
    const label = (where: string) => `${hostile.name} in ${where}`;
    if (!slot) return;
    if (slot.kind === "body") {
      requests.push({
        method: operation.method,
        path,
        body: setAt(base, slot.at, hostile.value),
        label: label(`body ${slot.at.join(".")}`),
      });
    } else if (slot.kind === "query") {
      const query = { [slot.name]: hostile.value };
      requests.push({
        method: operation.method,
        path: withQuery(path, query),
        body: base,
        label: label(`query ${slot.name}`),
      });
    } else {
      const value = hostile.raw ? hostile.value : encodePathSegment(hostile.value);
      const hostilePath = fillPath(operation.path, (name) =>
        name === slot.name ? value : encodeURIComponent(targets.pathValue(operation, name)),
      );
      requests.push({
        method: operation.method,
        path: hostilePath,
        body: base,
        label: label(`path ${slot.name}`),
      });
    }
  });
  if (sendsBody) {
    // Wrong types and a 1000-deep value in each top-level property, then hostile whole bodies.
    for (const at of bodySlots(base)
      .filter((at) => at.length === 1)
      .slice(0, 3)) {
      const current = (base as Record<string, unknown>)[at[0]!];
      requests.push({
        method: operation.method,
        path,
        body: setAt(base, at, wrongTypeOf(current)),
        label: `wrong type in ${at[0]}`,
      });
      requests.push({
        method: operation.method,
        path,
        body: setAt(base, at, deeplyNested(1000)),
        label: `1000 deep in ${at[0]}`,
      });
    }
    for (const hostile of HOSTILE_BODIES) {
      requests.push({
        method: operation.method,
        path,
        body: hostile.body,
        contentType: hostile.contentType,
        label: `body: ${hostile.name}`,
      });
    }
  }
  requests.push(...cursorRequests(operation, targets, path));
  return requests;
}
