import { allProcesses } from "../access/machine.ts";

const MS_PER_TICK = 10;

/** Where a measured stretch spent its CPU: this process (server and client thread) and the database's backends. */
export interface CpuSplit {
  nodeMs: number;
  postgresMs: number;
}

/** CPU time of the PostgreSQL backends connected to `database` (their command line names it), in ms. */
function backendMs(database: string): Map<number, number> {
  return new Map(
    allProcesses()
      .filter((p) => p.command.startsWith("postgres:") && p.command.includes(` ${database} `))
      .map((p) => [p.pid, p.cpu * MS_PER_TICK]),
  );
}

/**
 * Starts counting CPU time; the returned function stops and answers it. On two cores a sequential loop's
 * time is its critical path, which moves with the machine's speed from run to run; the CPU each side spent
 * per call is what a change to the server's or the database's work moves. Backends that end during the
 * stretch are not counted (the server's pool keeps its connections).
 */
export function startCpuSplit(database: string): () => CpuSplit {
  const node = process.cpuUsage();
  const backends = backendMs(database);
  return () => {
    const used = process.cpuUsage(node);
    let postgresMs = 0;
    for (const [pid, ms] of backendMs(database)) postgresMs += ms - (backends.get(pid) ?? 0);
    return { nodeMs: (used.user + used.system) / 1000, postgresMs };
  };
}
