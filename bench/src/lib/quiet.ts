import { readFileSync } from "node:fs";
import { progress } from "./progress.ts";

function cpuTicks(): { busy: number; total: number } {
  const values = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, v) => sum + v, 0);
  return { busy: total - idle, total };
}

/** Share of all cores busy over the next `seconds` (Linux /proc/stat). */
export async function busyPercent(seconds: number): Promise<number> {
  const before = cpuTicks();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = cpuTicks();
  return (100 * (after.busy - before.busy)) / Math.max(1, after.total - before.total);
}

export interface QuietResult {
  waitedSeconds: number;
  busyPercent: number;
  /** The machine stayed busy until the wait ran out: the figures that follow are distorted. */
  gaveUp: boolean;
}

/**
 * Waits until other work (tests, builds, browsers of people sharing the machine) leaves the cores mostly idle,
 * so latency figures measure Keduo rather than the neighbours; gives up after `maxSeconds`.
 */
export async function waitForQuietMachine(
  scope: string,
  options: { maxSeconds: number; busyBelow: number },
): Promise<QuietResult> {
  const started = performance.now();
  const waited = () => (performance.now() - started) / 1000;
  let busy = await busyPercent(2);
  let reported = false;
  while (busy >= options.busyBelow && waited() < options.maxSeconds) {
    if (!reported)
      progress(
        scope,
        `machine ${busy.toFixed(0)} % busy: waiting (up to ${options.maxSeconds} s) for it to calm down`,
      );
    reported = true;
    busy = await busyPercent(3);
  }
  const gaveUp = busy >= options.busyBelow;
  if (gaveUp)
    progress(scope, `still ${busy.toFixed(0)} % busy after ${waited().toFixed(0)} s: measuring anyway`);
  else if (reported)
    progress(scope, `machine ${busy.toFixed(0)} % busy after ${waited().toFixed(0)} s: measuring`);
  return { waitedSeconds: waited(), busyPercent: busy, gaveUp };
}
