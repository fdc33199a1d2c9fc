import { prepareTemplate } from "../lib/data-generator.ts";
import { measureSequential } from "../lib/measure.ts";
import { withClient } from "../lib/postgres.ts";
import { formatCount, progress } from "../lib/progress.ts";
import type { CapturedQuery } from "../lib/server.ts";
import { describeStats, summarize } from "../lib/stats.ts";
import { dealsDataset, listRequests } from "./datasets.ts";
import { explainList, measureList, printPlan } from "./list-phases.ts";
import { captureRequest, type PhaseContext, sqlHead, withClonedServer } from "./phase.ts";

/** The API may cost at most this much more than its own SQL sent directly. */
export const API_OVERHEAD_TARGET_MS = 5;

interface Variant {
  list: CapturedQuery;
  expand: CapturedQuery;
}

/**
 * Phase 5: deals (15 fields, two relations) listed with two filters, a sort and `expand=account`; compared with
 * the very SQL the records service ran for each request (captured in-process), replayed over a plain `pg` client.
 */
export async function relationPhase(ctx: PhaseContext): Promise<void> {
  const phase = "5";
  const sizes = ctx.sizes.deals;
  const template = await prepareTemplate(dealsDataset(sizes), { rebuild: ctx.options.rebuild, scope: phase });
  await withClonedServer(ctx, phase, template.template, async (server, url) => {
    const paths = listRequests("bench_deal", "&expand=account");
    const variants: Variant[] = [];
    let perRequest: CapturedQuery[] = [];
    for (const path of paths) {
      const captured = await captureRequest(server, path);
      const list = captured.onTable("bench_deal");
      const expand = captured.onTable("bench_account");
      if (!list || !expand) throw new Error(`list or expand query not captured for ${path}`);
      variants.push({ list, expand });
      perRequest = captured.all;
    }
    progress(phase, `${perRequest.length} queries per request:`);
    for (const query of perRequest) process.stdout.write(`      ${sqlHead(query, 110)}\n`);

    const explained = await explainList(server, paths[0]!, "bench_deal");
    printPlan(phase, explained);
    const { stats: api, warmup } = await measureList(ctx, phase, server, paths, "API list + expand=account");
    const loop = await withClient(url, (client) =>
      measureSequential(
        { warmup: ctx.sizes.warmup, count: ctx.sizes.requests, scope: phase, label: "same SQL over pg" },
        async (i) => {
          const variant = variants[i % variants.length]!;
          await client.query(variant.list.sql, variant.list.parameters as unknown[]);
          await client.query(variant.expand.sql, variant.expand.parameters as unknown[]);
        },
      ),
    );
    const direct = summarize(loop.samples);
    progress(phase, `same SQL over pg: ${describeStats(direct)}`);
    const rows = `${formatCount(sizes.deals)} deals → ${formatCount(sizes.accounts)} accounts`;
    ctx.results.push(
      {
        phase,
        title: `list + expand, ${rows}`,
        metric: "API p95",
        value: api.p95,
        unit: "ms",
        target: direct.p95 + API_OVERHEAD_TARGET_MS,
        notes: `target = SQL p95 + ${API_OVERHEAD_TARGET_MS}; p50 ${api.p50.toFixed(2)}`,
      },
      {
        phase,
        title: "list query plan",
        metric: "EXPLAIN",
        value: Number.NaN,
        unit: "ms",
        target: null,
        notes: explained.scan,
        check: {
          ok: explained.usesIndex,
          display: explained.usesIndex ? "index scan" : "no index",
          expected: "uses an index",
        },
      },
      {
        phase,
        title: "same list + expand SQL via pg",
        metric: "p95",
        value: direct.p95,
        unit: "ms",
        target: null,
        notes: `p50 ${direct.p50.toFixed(2)}; API runs ${perRequest.length} queries per request`,
      },
    );
    ctx.details[phase] = {
      template,
      api,
      apiWarmup: warmup,
      direct,
      usesIndex: explained.usesIndex,
      plan: explained.plan,
      queriesPerRequest: perRequest.map((q) => ({ sql: q.sql, parameters: q.parameters })),
    };
  });
}
