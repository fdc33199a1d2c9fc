import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { progress } from "../lib/progress.ts";

const TICKS_PER_SECOND = 100;

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot. */
  start: number;
  /** CPU time used so far (user + system), in clock ticks. */
  cpu: number;
  command: string;
}

function processInfo(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    // After "pid (comm) ": state, ppid, …; utime and stime are the 12th and 13th, starttime the 20th.
    const fields = stat.slice(close + 2).split(" ");
    let command = stat.slice(stat.indexOf("(") + 1, close);
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\u0000", " ").trim() || command;
    } catch {}
    return {
      pid,
      ppid: Number(fields[1]),
      start: Number(fields[19]),
      cpu: Number(fields[11]) + Number(fields[12]),
      command,
    };
  } catch {
    return null; // The process ended meanwhile.
  }
}

export function allProcesses(): ProcessInfo[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => processInfo(Number(entry)))
    .filter((p) => p !== null);
}

/** Other benchmark runs (`bench/src/run.ts`), not counting this process and the shells/npm that started it. */
export function otherBenchmarks(): ProcessInfo[] {
  const all = allProcesses();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const mine = new Set<number>();
  for (let pid: number | undefined = process.pid; pid && !mine.has(pid); pid = byPid.get(pid)?.ppid)
    mine.add(pid);
  return all.filter((p) => !mine.has(p.pid) && /bench\/src\/run\.ts/.test(p.command));
}

/** CPU ticks of the other benchmark runs now, to tell later which of them were busy meanwhile. */
export const benchmarkTicks = (): Map<number, number> =>
  new Map(otherBenchmarks().map((p) => [p.pid, p.cpu]));

/**
 * The other benchmark runs that should not overlap a measurement: every one started before this process, and
 * later ones that used more than a fifth of a core since `since` (taken `seconds` ago). A later run that sits
 * idle is most likely waiting for this one (a benchmark that waits like this one does): waiting for it in turn
 * would deadlock, so it does not count.
 */
export function blockingBenchmarks(since: Map<number, number>, seconds: number): ProcessInfo[] {
  const self = processInfo(process.pid);
  return otherBenchmarks().filter((p) => {
    if (!self || p.start <= self.start) return true;
    const used = p.cpu - (since.get(p.pid) ?? p.cpu);
    return used / TICKS_PER_SECOND / Math.max(seconds, 0.1) > 0.2;
  });
}

export interface QuietWait {
  waitedSeconds: number;
  /** The other benchmark runs seen at the start of the wait (empty: none were running). */
  seen: string[];
  /** Still running when the wait gave up. */
  gaveUp: boolean;
}

/**
 * Waits until no other `bench/src/run.ts` process is running (see `blockingBenchmarks`), so two benchmarks do
 * not share the two cores; gives up (and says so in the results) after `maxSeconds`.
 */
export async function waitForOtherBenchmarks(scope: string, maxSeconds = 900): Promise<QuietWait> {
  const started = performance.now();
  const pause = () => new Promise((resolve) => setTimeout(resolve, 2000));
  let ticks = benchmarkTicks();
  await pause();
  let blocking = blockingBenchmarks(ticks, 2);
  const seen = blocking.map((p) => `${p.pid} ${p.command}`);
  if (seen.length) progress(scope, `waiting for other benchmark runs to finish: ${seen.join("; ")}`);
  let lastReport = started;
  while (blocking.length > 0 && performance.now() - started < maxSeconds * 1000) {
    ticks = benchmarkTicks();
    await pause();
    blocking = blockingBenchmarks(ticks, 2);
    if (blocking.length > 0 && performance.now() - lastReport > 60_000) {
      progress(scope, `still waiting (${Math.round((performance.now() - started) / 1000)} s)`);
      lastReport = performance.now();
    }
  }
  const waitedSeconds = (performance.now() - started) / 1000;
  if (blocking.length > 0)
    progress(scope, `gave up waiting after ${waitedSeconds.toFixed(0)} s: figures may be distorted`);
  else if (seen.length) progress(scope, `no other benchmark running after ${waitedSeconds.toFixed(0)} s`);
  return { waitedSeconds, seen, gaveUp: blocking.length > 0 };
}

function cpuTotals(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, v) => sum + v, 0);
  return { busy: total - idle, total };
}

export interface MachineLoad {
  seconds: number;
  /** Share of all cores busy while measuring (100 % = every core fully used). */
  busyPercent: number;
  /** This process (client and in-process server) in % of one core. */
  benchProcessPercent: number;
  /** PostgreSQL backends (serving this benchmark and anyone else) in % of one core. */
  postgresPercent: number;
  /** The busiest other processes in % of one core. */
  others: Array<{ pid: number; percentOfCore: number; command: string }>;
  loadAverage: number[];
}

/**
 * How busy the machine is while measuring: `begin` and `end` bracket each measured stretch; stretches ended with
 * `keep = false` (thrown away because another benchmark ran) are left out of the figures.
 */
export class MachineSampler {
  private seconds = 0;
  private busy = 0;
  private total = 0;
  private readonly ticks = new Map<number, { ticks: number; command: string }>();
  private started: {
    at: number;
    cpu: { busy: number; total: number };
    processes: Map<number, number>;
  } | null = null;

  begin(): void {
    this.started = {
      at: performance.now(),
      cpu: cpuTotals(),
      processes: new Map(allProcesses().map((p) => [p.pid, p.cpu])),
    };
  }

  end(keep: boolean): void {
    const started = this.started;
    this.started = null;
    if (!started || !keep) return;
    const cpu = cpuTotals();
    this.seconds += (performance.now() - started.at) / 1000;
    this.busy += cpu.busy - started.cpu.busy;
    this.total += cpu.total - started.cpu.total;
    for (const p of allProcesses()) {
      const used = p.cpu - (started.processes.get(p.pid) ?? 0);
      if (used <= 0) continue;
      const entry = this.ticks.get(p.pid) ?? { ticks: 0, command: p.command.slice(0, 90) };
      entry.ticks += used;
      this.ticks.set(p.pid, entry);
    }
  }

  result(): MachineLoad {
    const percent = (ticks: number) => (100 * ticks) / TICKS_PER_SECOND / Math.max(this.seconds, 0.001);
    const usage = [...this.ticks].map(([pid, u]) => ({
      pid,
      command: u.command,
      percentOfCore: percent(u.ticks),
    }));
    const isPostgres = (command: string) => /^postgres/.test(command);
    return {
      seconds: this.seconds,
      busyPercent: Math.round((100 * this.busy) / Math.max(1, this.total)),
      benchProcessPercent: Math.round(usage.find((u) => u.pid === process.pid)?.percentOfCore ?? 0),
      postgresPercent: Math.round(
        usage.filter((u) => isPostgres(u.command)).reduce((sum, u) => sum + u.percentOfCore, 0),
      ),
      others: usage
        .filter((u) => u.pid !== process.pid && !isPostgres(u.command) && u.percentOfCore >= 1)
        .sort((a, b) => b.percentOfCore - a.percentOfCore)
        .slice(0, 5)
        .map((u) => ({ ...u, percentOfCore: Math.round(u.percentOfCore) })),
      loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
    };
  }
}

/** Samples how busy the machine is from now until the returned function is called. */
export function sampleMachine(): () => MachineLoad {
  const sampler = new MachineSampler();
  sampler.begin();
  return () => {
    sampler.end(true);
    return sampler.result();
  };
}

export const describeLoad = (load: MachineLoad) =>
  `machine ${load.busyPercent} % busy (of ${cpus().length} cores) over ${load.seconds.toFixed(0)} s: this process ${load.benchProcessPercent} %, ` +
  `postgres ${load.postgresPercent} % of a core; others: ${
    load.others.map((o) => `${o.command.slice(0, 50)} ${o.percentOfCore} %`).join(", ") || "none ≥ 1 %"
  }; load average ${load.loadAverage.join(" ")}`;
