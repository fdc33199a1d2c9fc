import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PRELOAD = fileURLToPath(new URL("./malloc-tuning.ts", import.meta.url));
const glibc = Boolean(
  (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
    ?.glibcVersionRuntime,
);

/** What a process started as `npm start` starts the server sees: its pid, flags and the malloc setting. */
function probe(env: NodeJS.ProcessEnv) {
  const script =
    "console.log(JSON.stringify({ pid: process.pid, flags: process.execArgv, setting: process.env.MALLOC_MMAP_THRESHOLD_ ?? null }))";
  const output = execFileSync(
    process.execPath,
    ["--max-semi-space-size=8", `--import=${PRELOAD}`, "-e", script],
    {
      env,
      encoding: "utf8",
    },
  );
  return JSON.parse(output) as { pid: number; flags: string[]; setting: string | null };
}

describe("npm start's malloc tuning (ADR 0036)", () => {
  const { MALLOC_MMAP_THRESHOLD_: _, ...env } = process.env;

  it.runIf(process.platform === "linux" && glibc)(
    "restarts once with a fixed mmap threshold, same flags",
    () => {
      const seen = probe(env);
      expect(seen.setting).toBe("131072");
      expect(seen.flags).toEqual([
        "--max-semi-space-size=8",
        `--import=${PRELOAD}`,
        "-e",
        expect.any(String),
      ]);
    },
  );

  it("leaves a threshold the operator set alone", () => {
    expect(probe({ ...env, MALLOC_MMAP_THRESHOLD_: "65536" }).setting).toBe("65536");
  });
});
