/**
 * A Keduo server process for the reminder crash test (reminder-crash.test.ts), configured by the same
 * environment as `keduo start`. It scans the timed automations every second instead of on the minute cron, so
 * the test need not wait for a minute boundary; the scan is the same `scanTimed()` the cron job runs.
 */
import { loadConfig } from "../../../config.ts";
import { createKeduo } from "../../../server.ts";

const config = loadConfig();
const server = await createKeduo({ config, automationScans: false });
await server.app.listen({ port: config.port, host: config.host });

let stopped = false;
const scan = async () => {
  try {
    await server.automation.scanTimed();
  } catch (error) {
    console.error("scan failed", error);
  }
  if (!stopped) setTimeout(scan, 1000);
};
void scan();

process.on("SIGTERM", () => {
  stopped = true;
  void server.close().then(() => process.exit(0));
});
const { port } = server.app.server.address() as { port: number };
console.log(`Keduo is running at http://127.0.0.1:${port}`);
