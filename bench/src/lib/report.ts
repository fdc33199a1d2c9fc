import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

export interface ResultRow {
  /** Phase id as in `--only` (1b belongs to phase 1). */
  phase: string;
  title: string;
  metric: string;
  value: number;
  unit: "ms" | "s" | "KB" | "statements";
  /** The value must be at most this; null for figures shown for information. */
  target: number | null;
  notes: string;
  /** A yes/no requirement (e.g. "the plan uses an index") instead of a figure; `display` says what was found. */
  check?: { ok: boolean; display: string; expected: string };
}

export const passes = (row: ResultRow) =>
  row.check ? row.check.ok : row.target === null || row.value <= row.target;

const format = (value: number, unit: string) =>
  Number.isFinite(value) ? `${value.toFixed(2)} ${unit}` : "—";

export function printTable(title: string, rows: readonly ResultRow[]): void {
  const header = ["#", "benchmark", "metric", "result", "target", "status", "notes"];
  const cells = rows.map((row) => [
    row.phase,
    row.title,
    row.metric,
    row.check ? row.check.display : format(row.value, row.unit),
    row.check ? row.check.expected : row.target === null ? "(info)" : `≤ ${format(row.target, row.unit)}`,
    row.target === null && !row.check ? "—" : passes(row) ? "PASS" : "FAIL",
    row.notes,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  process.stdout.write(`\n${title}\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("-|-")}\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

function git(...args: string[]): string | null {
  try {
    // GIT_OPTIONAL_LOCKS=0: `git status` must not refresh (write) the index of a checkout others work in.
    return execFileSync("git", args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" },
    }).trim();
  } catch {
    return null;
  }
}

/** Where the figures were taken: enough to compare two result files fairly. */
export function environment(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    commit: git("rev-parse", "HEAD"),
    dirty: (git("status", "--porcelain") ?? "") !== "",
    ...extra,
  };
}

/** Writes `bench/results/<name>-<timestamp>.json` and returns its path. */
export function writeResults(name: string, payload: Record<string, unknown>): string {
  const dir = fileURLToPath(new URL("../../results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const stamp = new Date()
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d+Z$/, "Z");
  const path = `${dir}${name}-${stamp}.json`;
  writeFileSync(path, `${JSON.stringify(payload, null, 2)}\n`);
  return path;
}
