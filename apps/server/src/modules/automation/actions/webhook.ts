import { generateSecret, hostRefusal, isValidSecret } from "../webhook/index.ts";
import type { ActionKind } from "./action-kind.ts";

const MAX_URL = 2000;

/** The URL as a webhook may use it: absolute http(s), no credentials (the signature is the authentication). */
function parseUrl(value: unknown): URL | null {
  if (typeof value !== "string" || value.length > MAX_URL) return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password || !url.hostname) return null;
    return url;
  } catch {
    return null;
  }
}

/**
 * A signed POST of the record to an outside address. Saving refuses a URL whose host is an address inside the
 * server's network (or `localhost`) unless the administrator allowed the host; names are judged again by their
 * addresses when the delivery connects. A missing secret is generated, so every webhook is signed.
 */
export const webhook: ActionKind<"webhook"> = {
  check(check, path, action) {
    const url = parseUrl(action.url);
    if (!url) check.problem(`${path}.url`, action.url ? "webhook_url_invalid" : "required");
    else {
      const refused = hostRefusal(url.hostname, check.context.webhookAllowHosts ?? new Set());
      if (refused)
        check.problem(`${path}.url`, "webhook_address_refused", { host: url.hostname, range: refused });
    }
    const given =
      action.secret === undefined || action.secret === null || action.secret === "" ? null : action.secret;
    if (given !== null && !isValidSecret(given)) check.problem(`${path}.secret`, "webhook_secret_invalid");
    return { kind: "webhook", url: url?.href ?? String(action.url ?? ""), secret: given ?? generateSecret() };
  },

  async run(ctx, action) {
    // Stable per run and action (the spec's idempotency key); no "." so the signed string splits one way only.
    const webhookId = `msg_${ctx.runId.replaceAll("-", "")}_${ctx.actionIndex}`;
    const body = JSON.stringify({
      type: "automation.webhook",
      timestamp: ctx.now.toISOString(),
      data: {
        automation: {
          id: ctx.automationId,
          api_name: ctx.automation.api_name,
          object: ctx.automation.object,
        },
        run: { id: ctx.runId, action: ctx.actionIndex },
        record: ctx.record,
      },
    });
    const queued = await ctx.webhooks.enqueue(ctx.trx, {
      webhookId,
      runId: ctx.runId,
      action: ctx.actionIndex,
      url: action.url,
      body,
    });
    // The origin only: a path or query may hold a receiver's token, and record readers see the run log.
    const origin = new URL(action.url).origin;
    return {
      outcome: "done",
      note: { code: "webhook_queued", params: { id: webhookId, origin, again: !queued } },
    };
  },
};
