// Profiles phase (b) of the web benchmark — list → other list through the navigation — to find where the
// time goes (a tool, not a benchmark): `node bench/src/web/profile.ts [options]`. Each run prints the time to
// the rows, the requests made after the click (start → end, ms) and the page's long tasks.
//   --runs=N         navigations (default 6; the first is a warm-up for the summaries)
//   --cpu            CDP Profiler around each navigation: self and inclusive time per function and
//                    navigation (build with `vite build --minify false` for readable names)
//   --trace          Chromium trace: main-thread CPU until the rows showed; with --tasks, each task and what
//                    filled it (script, style, layout, paint, GC)
//   --dist=<dir>     serve another build of the web app through a small proxy in front of the API, so
//                    that one's own build is profiled while others rebuild apps/web/dist. A build whose
//                    page sits in a React <Profiler> pushing [phase, actual, start, commit] to
//                    window.__commits (react-dom aliased to react-dom/profiling) also gets its commits.
//   --template=<db>  clone this template database instead of preparing the benchmark's own
//   --shot=<png>     a screenshot after the last run

import { createReadStream, existsSync, readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { extname, join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { cloneDatabase, prepareTemplate } from "../lib/data-generator.ts";
import { dropDatabase } from "../lib/postgres.ts";
import { benchAdmin, startBenchServer } from "../lib/server.ts";
import { armStopwatch, launchBrowser, newDesktopContext, ROW_SELECTOR, readStopwatch } from "./browser.ts";
import { COMPANY_MARKER, CONTACT_MARKER, webDataset } from "./dataset.ts";

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const dist = resolve(arg("dist") ?? join(import.meta.dirname, "../../../apps/web/dist"));
const runs = Number(arg("runs") ?? 6);
const cpu = process.argv.includes("--cpu");
const trace = process.argv.includes("--trace");

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".html": "text/html",
};

/** Serves `dist` and forwards /api to the Keduo server (what the server itself does, from another folder). */
function startProxy(api: string): Promise<{ url: string; close: () => void }> {
  const target = new URL(api);
  const index = readFileSync(join(dist, "index.html"));
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/api/") || url === "/api") {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: url, method: req.method, headers: req.headers },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      req.pipe(upstream);
      return;
    }
    const file = join(dist, url.split("?")[0] ?? "");
    if (url.startsWith("/assets/") && existsSync(file)) {
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "public, max-age=31536000, immutable",
      });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(200, { "content-type": "text/html", "cache-control": "no-cache" });
    res.end(index);
  });
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      done({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const selfTotals = new Map<string, number>();
const inclusiveTotals = new Map<string, number>();

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const file = url.split("/").pop() ?? url;
  return `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
}

/** Adds a profile's sampled time per function (self and inclusive, counting a function once per stack). */
function accumulate(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    let id: number | undefined = samples[i]!;
    const self = frameName(byId.get(id)!);
    selfTotals.set(self, (selfTotals.get(self) ?? 0) + ms);
    const seen = new Set<string>();
    while (id !== undefined) {
      const name = frameName(byId.get(id)!);
      if (!seen.has(name)) {
        seen.add(name);
        inclusiveTotals.set(name, (inclusiveTotals.get(name) ?? 0) + ms);
      }
      id = parent.get(id);
    }
  }
}

const print = (title: string, totals: Map<string, number>, count: number, top: number) => {
  process.stdout.write(`\n${title} (ms per navigation)\n`);
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${(ms / count).toFixed(1).padStart(8)}  ${name}\n`);
};

/** Requests and long tasks between the click and the rows, from the page's own timing entries. */
async function timeline(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const clicked = window.__keduoStopwatch.clicked;
    const lines = performance.getEntriesByType("resource")
      .filter((e) => e.startTime >= clicked - 1)
      .map((e) => "  " + (e.startTime - clicked).toFixed(0).padStart(5) + " → " + (e.responseEnd - clicked).toFixed(0).padStart(5) + " ms  " + e.name.replace(location.origin, ""));
    performance.clearResourceTimings();
    return lines.join("\\n");
  })()`);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: less inflated than `dur` when other work shares the cores. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: { type?: string } };
}

const cpuTotals: number[] = [];

/** The renderer main thread's work from the click on: each task over 2 ms and what filled it, by kind. */
function summarizeTrace(buffer: Buffer, elapsedMs: number): void {
  const events = (JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
  const click = events.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "click");
  if (!click) return;
  const main = events.filter((e) => e.tid === click.tid && e.pid === click.pid && e.ph === "X" && e.dur);
  // Up to the frame that showed the rows (the stopwatch's interval, from the click event on).
  const tasks = main.filter(
    (e) =>
      e.name === "RunTask" &&
      e.ts + e.dur! >= click.ts &&
      e.ts <= click.ts + elapsedMs * 1000 &&
      e.dur! > 2000,
  );
  const kinds = [
    "FunctionCall",
    "EventDispatch",
    "TimerFire",
    "UpdateLayoutTree",
    "Layout",
    "PrePaint",
    "Paint",
    "Layerize",
    "HitTest",
    "ParseHTML",
    "EvaluateScript",
    "v8.compile",
    "MajorGC",
    "MinorGC",
    "V8.GC_SCAVENGER",
  ];
  const cpuMs = tasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000;
  cpuTotals.push(cpuMs);
  process.stdout.write(
    `  main thread: ${cpuMs.toFixed(0)} ms CPU in tasks over 2 ms until the rows showed\n`,
  );
  if (!process.argv.includes("--tasks")) return;
  for (const task of tasks) {
    const inner = main.filter((e) => e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e !== task);
    const byKind = new Map<string, number>();
    for (const e of inner)
      if (kinds.includes(e.name)) byKind.set(e.name, (byKind.get(e.name) ?? 0) + e.dur! / 1000);
    const parts = [...byKind]
      .filter(([, ms]) => ms >= 0.5)
      .map(([kind, ms]) => `${kind} ${ms.toFixed(1)}`)
      .join(", ");
    process.stdout.write(
      `  task @${((task.ts - click.ts) / 1000).toFixed(0).padStart(4)} ms ${(task.dur! / 1000).toFixed(1).padStart(6)} ms: ${parts}\n`,
    );
  }
}

async function main(): Promise<void> {
  const spec = webDataset({ companies: 100_000, contacts: 5_000 });
  const template =
    arg("template") ?? (await prepareTemplate(spec, { rebuild: false, scope: "profile" })).template;
  const name = "keduo_bench_profile_web";
  const url = await cloneDatabase(template, name);
  const server = await startBenchServer({ engine: "postgres", url });
  const proxy = await startProxy(server.url);
  const browser = await launchBrowser();
  try {
    const context = await newDesktopContext(browser, proxy.url);
    const page = await context.newPage();
    await page.addInitScript(`(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
        .observe({ type: "longtask", buffered: true });
    })()`);
    const session = await context.newCDPSession(page);
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: 100 });
    await page.goto("/login");
    await page.locator("input[autocomplete=username]").fill(benchAdmin.email);
    await page.locator("input[autocomplete=current-password]").fill(benchAdmin.password);
    await page.locator("button[type=submit]").click();
    await page.locator(ROW_SELECTOR).first().waitFor({ timeout: 60_000 });
    const objects = [
      { object: "bench_company", marker: COMPANY_MARKER },
      { object: "bench_contact", marker: CONTACT_MARKER },
    ];
    const times: string[] = [];
    const toTimes: number[] = [];
    const backTimes: number[] = [];
    let profiled = 0;
    for (let i = 0; i < runs; i++) {
      const [from, to] = i % 2 === 0 ? [objects[0]!, objects[1]!] : [objects[1]!, objects[0]!];
      await page.goto(`/o/${from.object}`);
      await page.locator(ROW_SELECTOR).filter({ hasText: from.marker }).first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(300);
      const link = `[data-testid=nav-menu] a[href="/o/${to.object}"]`;
      await armStopwatch(page, link, to.marker);
      await page.evaluate(
        "performance.clearResourceTimings(); window.__longTasks.length = 0; window.__commits = []",
      );
      if (cpu) await session.send("Profiler.start");
      if (trace && i > 0)
        await browser.startTracing(page, {
          categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"],
        });
      await page.locator(link).click();
      const ms = await readStopwatch(page, to.marker);
      if (cpu) {
        const { profile } = (await session.send("Profiler.stop")) as { profile: CpuProfile };
        if (i > 0) {
          accumulate(profile);
          profiled++;
        }
      }
      if (trace && i > 0) summarizeTrace(await browser.stopTracing(), ms);
      const requests = await timeline(page);
      // React commits inside a <Profiler> (a profiling build of one's own adds it): phase, render ms, start, commit.
      const commits = await page.evaluate(
        "(window.__commits || []).map(([p, a, s, c]) => p + ' ' + a + 'ms @' + (s - window.__keduoStopwatch.clicked).toFixed(0) + '→' + (c - window.__keduoStopwatch.clicked).toFixed(0)).join(', ')",
      );
      const tasks = await page.evaluate(
        "window.__longTasks.map(([s, d]) => (s - window.__keduoStopwatch.clicked).toFixed(0) + '+' + d.toFixed(0)).join(' ')",
      );
      // Back to the list just left: its rows are cached.
      const backLink = `[data-testid=nav-menu] a[href="/o/${from.object}"]`;
      await armStopwatch(page, backLink, from.marker);
      await page.locator(backLink).click();
      const back = await readStopwatch(page, from.marker);
      if (i > 0) {
        toTimes.push(ms);
        backTimes.push(back);
      }
      times.push(`${from.object} → ${to.object}: ${ms.toFixed(0)} ms, back ${back.toFixed(0)} ms`);
      process.stdout.write(
        `${times.at(-1)}\n  long tasks (start+duration): ${tasks}\n${commits ? `  commits: ${commits}\n` : ""}${requests}\n`,
      );
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    process.stdout.write(
      `\nnavigation: median ${median(toTimes).toFixed(0)} ms, max ${Math.max(...toTimes).toFixed(0)} ms; back (cached): median ${median(backTimes).toFixed(0)} ms, max ${Math.max(...backTimes).toFixed(0)} ms (n=${toTimes.length})\n`,
    );
    const shot = arg("shot");
    if (shot) await page.screenshot({ path: shot });
    if (cpuTotals.length)
      process.stdout.write(`main thread CPU per navigation: median ${median(cpuTotals).toFixed(0)} ms\n`);
    if (cpu && profiled) {
      print("self time", selfTotals, profiled, 45);
      print("inclusive time", inclusiveTotals, profiled, 70);
      const components = new Map([...inclusiveTotals].filter(([name]) => /^(use)?[A-Z]/.test(name)));
      print("inclusive time of components and hooks", components, profiled, 60);
    }
    await context.close();
  } finally {
    await browser.close();
    proxy.close();
    await server.close();
    await dropDatabase(name);
  }
}

await main();
