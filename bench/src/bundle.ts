import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchOptions } from "./lib/options.ts";
import { environment, passes, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { startBenchServer } from "./lib/server.ts";

const OBJECTS = 12;
const FIELDS = 150;
/** Issue 14: applying a bundle of 12 objects and 150 fields on PGlite. */
const TARGET_MS = 5_000;

const label = (zh: string, en: string) => ({ en, "zh-CN": zh });
const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The field types a CRM object mixes, cycled through; every object's first field is its name. */
const KINDS: Array<(object: number, index: number) => Record<string, unknown>> = [
  () => ({ type: "text" }),
  () => ({ type: "number" }),
  () => ({ type: "currency" }),
  () => ({ type: "date" }),
  () => ({
    type: "single_select",
    config: { options: ["a", "b", "c"].map((value) => ({ value, labels: label(value, value) })) },
  }),
  () => ({ type: "boolean" }),
  () => ({ type: "long_text" }),
  () => ({ type: "user" }),
  (object) =>
    object === 0
      ? { type: "email" }
      : {
          type: "relation",
          config: {
            relation: {
              target: `object_${String(object - 1).padStart(2, "0")}`,
              cardinality: "many_to_one",
              inverse_name: `children_${object}`,
              inverse_labels: label("下级", "Children"),
            },
          },
        },
  () => ({ type: "formula", config: { expression: "f_1 * 2" } }),
  () => ({ type: "percent" }),
  () => ({ type: "phone" }),
];

/** A bundle of 12 objects and 150 fields, each object with a layout, a rule and a shared view. */
export function generateBundle(): Record<string, string> {
  const files: Record<string, string> = {
    "bundle.json": text({
      format: 1,
      kinds: ["fields", "layouts", "objects", "validation_rules", "views"],
      name: "bench",
      version: "1",
    }),
  };
  for (let o = 0; o < OBJECTS; o++) {
    const name = `object_${String(o).padStart(2, "0")}`;
    const count = Math.floor(FIELDS / OBJECTS) + (o < FIELDS % OBJECTS ? 1 : 0);
    const fields = Array.from({ length: count }, (_, i) => ({
      api_name: `f_${i}`,
      labels: label(`字段 ${i}`, `Field ${i}`),
      ...(KINDS[i % KINDS.length]?.(o, i) ?? { type: "text" }),
    }));
    files[`objects/${name}.json`] = text({
      fields,
      layout: {
        sections: [
          {
            id: "main",
            label: label("主要", "Main"),
            columns: 2,
            items: fields.slice(0, 6).map((f) => ({ kind: "field", field: f.api_name })),
          },
        ],
      },
      object: {
        display_field: "f_0",
        labels: label(`对象 ${o}`, `Object ${o}`),
        plural_labels: label(`对象 ${o}`, `Objects ${o}`),
        sharing_default: o % 2 ? "private" : "public_read_write",
      },
      rules: {
        amount_positive: {
          condition: "f_2 < 0",
          message: label("金额不能为负", "The amount cannot be negative"),
          field: "f_2",
        },
      },
      views: {
        全部: { columns: [{ field: "f_0" }, { field: "f_1" }], sort: [{ field: "f_1", direction: "desc" }] },
      },
    });
  }
  return files;
}

/**
 * Applies a generated bundle (12 objects, 150 fields, a layout, rule and shared view each) to a fresh PGlite
 * installation over HTTP: the dry run, the apply (one transaction, one version bump), and applying it again
 * (nothing to do).
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const started = new Date();
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-bundle-"));
  const files = generateBundle();
  const results: ResultRow[] = [];
  const details: Record<string, unknown> = { objects: OBJECTS, fields: FIELDS };
  try {
    const server = await startBenchServer({ engine: "pglite", dataDir });
    try {
      const timed = async (path: string) => {
        const start = performance.now();
        const response = await server.api.request<{ summary: Record<string, number>; statements: string[] }>(
          "POST",
          path,
          { files },
        );
        const ms = performance.now() - start;
        if (response.status !== 200)
          throw new Error(`${path} answered ${response.status}: ${response.text.slice(0, 800)}`);
        return { ms, plan: response.body };
      };
      const dry = await timed("/api/admin/bundle/apply?dry_run=true");
      const applied = await timed("/api/admin/bundle/apply");
      const again = await timed("/api/admin/bundle/apply");
      details.summary = applied.plan.summary;
      details.statements = applied.plan.statements.length;
      details.againSummary = again.plan.summary;
      const title = `bundle of ${OBJECTS} objects, ${FIELDS} fields (PGlite)`;
      results.push(
        {
          phase: "1",
          title,
          metric: "dry run (plan with DDL, rolled back)",
          value: dry.ms,
          unit: "ms",
          target: null,
          notes: "",
        },
        {
          phase: "1",
          title,
          metric: "apply (one transaction, one version bump)",
          value: applied.ms,
          unit: "ms",
          target: TARGET_MS,
          notes: `${applied.plan.summary.create} created, ${applied.plan.statements.length} DDL statements`,
        },
        {
          phase: "1",
          title,
          metric: "apply again (nothing to do)",
          value: again.ms,
          unit: "ms",
          target: null,
          notes: `${again.plan.summary.unchanged} unchanged`,
        },
        {
          phase: "1",
          title,
          metric: "items created by the first apply",
          value: applied.plan.summary.create ?? 0,
          unit: "ms",
          target: null,
          notes: "",
          check: {
            ok:
              (applied.plan.summary.create ?? 0) === OBJECTS * 4 + FIELDS &&
              (again.plan.summary.create ?? 0) === 0,
            display: `${applied.plan.summary.create} then ${again.plan.summary.create}`,
            expected: `${OBJECTS * 4 + FIELDS} then 0`,
          },
        },
      );
    } finally {
      await server.close();
    }
  } finally {
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
  printTable("Bundle apply", results);
  const file = writeResults("bundle", {
    started,
    environment: environment({ engine: "pglite" }),
    details,
    results,
  });
  process.stdout.write(`results: ${file}\n`);
  return results.every(passes);
}
