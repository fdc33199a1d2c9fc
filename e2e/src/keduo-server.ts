import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export const ADMIN = { email: "admin@keduo.e2e", password: "e2e-password-1" };

export interface RunningServer {
  url: string;
  /** What the server printed so far (the first admin, the demo's sign-ins). */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts `keduo start` as users do: its own process, an embedded database in a fresh temp dir. Suites build
 * the objects they test (客户, customer…), so the first start applies no template unless one is asked for.
 */
export async function startServer(
  options: {
    template?: string;
    /** Extra `keduo start` options (`--demo`, `--scale=40`). */
    args?: string[];
    /** Extra environment, e.g. `DATABASE_URL` for a suite that also reaches the database directly. */
    env?: Record<string, string>;
  } = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, "apps/server/src/cli.ts"), "start", ...(options.args ?? [])],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        KEDUO_DATA_DIR: dataDir,
        KEDUO_ADMIN_EMAIL: ADMIN.email,
        KEDUO_ADMIN_PASSWORD: ADMIN.password,
        KEDUO_LOCALE: "zh-CN",
        // The suite signs in more often than a person would.
        KEDUO_LOGIN_RATE_LIMIT: "1000",
        KEDUO_TEMPLATE: options.template ?? "none",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`keduo exited early:\n${output.join("")}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`keduo did not answer within 60 s:\n${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    output: () => output.join(""),
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
