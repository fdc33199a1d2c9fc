// `npm test`: runs every test suite once, streams their output, and ends with exactly one line
// `N passed, N failed` (summed over all suites). Exits non-zero if anything failed.
//
// Extra arguments are passed through to vitest, e.g. `npm test -- --project core`.
//
// To add a suite (e.g. the browser e2e suite), add one entry to `suites` below.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "node_modules", ".bin");

interface Counts {
  passed: number;
  failed: number;
  /** One line per failed test or file ("file > test: first line of the error"), printed before the summary. */
  failures?: string[];
}

interface Suite {
  name: string;
  /** Executable and arguments. `resultFile` is where the suite must write its JSON result. */
  command: (resultFile: string, extraArgs: readonly string[]) => [string, ...string[]];
  /** Counts passed/failed tests from the parsed JSON result and the process exit code. */
  count: (result: unknown, exitCode: number | null) => Counts;
}

/** Counts a vitest `json` reporter result (see JsonTestResults in vitest). */
function countVitest(result: unknown, exitCode: number | null): Counts {
  const r = result as {
    numPassedTests?: number;
    numFailedTests?: number;
    testResults?: {
      name?: string;
      status: string;
      message?: string;
      assertionResults?: { status: string; fullName?: string; failureMessages?: string[] }[];
    }[];
  };
  const passed = r.numPassedTests ?? 0;
  let failed = r.numFailedTests ?? 0;
  const failures: string[] = [];
  const firstLine = (text: string | undefined) => (text ?? "").split("\n")[0]!.slice(0, 300);
  for (const file of r.testResults ?? []) {
    const fileName = (file.name ?? "?").replace(`${root}/`, "");
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const test of failedTests)
      failures.push(`${fileName} > ${test.fullName ?? "?"}: ${firstLine(test.failureMessages?.[0])}`);
    // A file that failed without a failed test (import error, crashed worker) counts as one failure.
    if (file.status === "failed" && failedTests.length === 0) {
      failed++;
      failures.push(`${fileName}: ${firstLine(file.message)}`);
    }
  }
  // Vitest failed for a reason not attributed to any test (e.g. unhandled error): count it once.
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, failures };
}

const suites: Suite[] = [
  {
    // All projects of vitest.config.ts: core, tools (scripts/), server-pglite, server-postgres.
    name: "vitest",
    command: (resultFile, extraArgs) => [
      join(bin, "vitest"),
      "run",
      "--passWithNoTests",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${resultFile}`,
      ...extraArgs,
    ],
    count: countVitest,
  },
  {
    // Browser tests (e2e/): a real server and the built web app driven through Debian's Chromium; needs
    // /usr/bin/chromium (.ci/run: `ensure_chromium`).
    name: "e2e",
    command: (resultFile, extraArgs) => {
      // `npm test -- --project core` asks for other projects only: nothing to run here.
      const projects = extraArgs.flatMap((arg, i) =>
        arg === "--project" ? [extraArgs[i + 1] ?? ""] : arg.startsWith("--project=") ? [arg.slice(10)] : [],
      );
      if (projects.length > 0 && !projects.includes("e2e")) return [process.execPath, "-e", ""];
      return [
        join(bin, "vitest"),
        "run",
        "--config",
        "e2e/vitest.config.ts",
        "--passWithNoTests",
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${resultFile}`,
        ...extraArgs,
      ];
    },
    count: countVitest,
  },
];

let current: ChildProcess | undefined;
// Ctrl-C reaches the running child through the process group: wait for it to finish and report. SIGTERM
// (e.g. a CI timeout) is sent to this process only: relay it.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => current?.kill("SIGTERM"));

function run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((done) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd!, args, { cwd: root, env, stdio: "inherit" });
    current = child;
    child.on("error", (err) => {
      console.error(`failed to start ${cmd}: ${err.message}`);
      current = undefined;
      done(null);
    });
    child.on("exit", (code, signal) => {
      if (signal) console.error(`${cmd} was killed by ${signal}`);
      current = undefined;
      done(code);
    });
  });
}

// `node scripts/test.ts -- --project core` leaves the `--` in argv (npm strips it); vitest would then ignore
// everything after it.
const extraArgs = process.argv.slice(2);
if (extraArgs[0] === "--") extraArgs.shift();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  KEDUO_TEST_DATABASE_URL: process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test",
  // Children (`#!/usr/bin/env node` scripts) must run on this Node (24), not on whatever `node` is on PATH.
  PATH: [dirname(process.execPath), bin, process.env.PATH].filter(Boolean).join(delimiter),
};

const tmp = mkdtempSync(join(tmpdir(), "keduo-test-"));
const total: Counts = { passed: 0, failed: 0 };
const report: string[] = [];
const failures: string[] = [];
try {
  for (const suite of suites) {
    const resultFile = join(tmp, `${suite.name}.json`);
    const started = performance.now();
    const exitCode = await run(suite.command(resultFile, extraArgs), env);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    let counts: Counts;
    let note = "";
    if (existsSync(resultFile)) {
      try {
        counts = suite.count(JSON.parse(readFileSync(resultFile, "utf8")), exitCode);
      } catch (err) {
        counts = { passed: 0, failed: 1 };
        note = ` (unreadable result: ${(err as Error).message})`;
      }
    } else if (exitCode === 0) {
      counts = { passed: 0, failed: 0 };
      note = " (no result file)";
    } else {
      counts = { passed: 0, failed: 1 };
      note = ` (crashed, exit code ${exitCode ?? "none"}, no result file)`;
    }
    total.passed += counts.passed;
    total.failed += counts.failed;
    for (const failure of counts.failures ?? []) failures.push(`${suite.name}: ${failure}`);
    report.push(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed in ${seconds}s${note}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log("");
// Named here, just above the summary, so that the tail of a long CI log says what broke.
if (failures.length > 0) console.log(`failed:\n${failures.map((f) => `  ${f}`).join("\n")}\n`);
for (const line of report) console.log(line);
// The last line of output; CI reads it.
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exitCode = total.failed > 0 ? 1 : 0;
