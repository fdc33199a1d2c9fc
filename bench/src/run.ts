import { readdirSync } from "node:fs";
import { type BenchOptions, parseOptions, UsageError } from "./lib/options.ts";
import { withoutEventConsumer } from "./lib/server.ts";

/** A benchmark is one file `src/<name>.ts` exporting `run`, which resolves to whether every target was met. */
interface Benchmark {
  run(options: BenchOptions): Promise<boolean>;
}

const available = () =>
  readdirSync(new URL(".", import.meta.url))
    .filter((file) => file.endsWith(".ts") && file !== "run.ts")
    .map((file) => file.slice(0, -3));

const usage = () =>
  `usage: npm run bench -- <${available().join("|")}> [--quick] [--only=1,4] [--rebuild] [--keep] [--no-consumer]\n` +
  "  --quick    smaller data sets and fewer requests (a smoke check)\n" +
  "  --only=…   run only these phases\n" +
  "  --rebuild  build the data-set templates again\n" +
  "  --keep     keep each phase's database\n" +
  "  --no-consumer  servers run without the no-op event consumer (what delivering events costs)\n" +
  "exit status: 0 all targets met, 1 a target missed, 2 usage or run error\n";

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || !available().includes(name)) {
    process.stderr.write(name ? `unknown benchmark "${name}"\n${usage()}` : usage());
    return 2;
  }
  const options = parseOptions(args);
  if (options.noConsumer) withoutEventConsumer();
  const benchmark = (await import(new URL(`./${name}.ts`, import.meta.url).href)) as Benchmark;
  return (await benchmark.run(options)) ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(
    error instanceof UsageError ? `${error.message}\n${usage()}` : `${(error as Error).stack ?? error}\n`,
  );
  process.exitCode = 2;
}
