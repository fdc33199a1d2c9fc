import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { ApiClient, createApiToken } from "../lib/api-client.ts";
import { benchAdmin } from "../lib/server.ts";

const CLI = fileURLToPath(new URL("../../../apps/server/src/cli.ts", import.meta.url));
/** Where `npm start` runs: its flags name files relative to the repository (`--import=./…`). */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The Node flags `npm start` gives the server (package.json), so the process measured is the one people run. */
function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    scripts: Record<string, string>;
  };
  return (manifest.scripts.start ?? "").split(/\s+/).filter((token) => token.startsWith("--"));
}

export interface ProcessServer {
  pid: number;
  url: string;
  api: ApiClient;
  /** POSTs a file as the web wizard does (raw body, X-File-Name), streamed from disk. */
  upload(
    object: string,
    file: { path: string; name: string; bytes: number },
  ): Promise<{ status: number; text: string }>;
  /** The server process's resident set size now (VmRSS), bytes. */
  rss(): number;
  /** SIGTERM, then waits for the process to exit (it closes the embedded database cleanly). */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/**
 * `keduo start` as a newcomer runs it (`npm start`'s flags, without its web build step), in its own process on an
 * embedded data directory, so its RSS is the server's and nothing of the benchmark's.
 */
export async function startProcessServer(
  dataDir: string,
  env: Record<string, string>,
): Promise<ProcessServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...startFlags(), CLI, "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      KEDUO_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      KEDUO_ADMIN_EMAIL: benchAdmin.email,
      KEDUO_ADMIN_PASSWORD: benchAdmin.password,
      KEDUO_LOGIN_RATE_LIMIT: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, "exit");
  // A benchmark stopped with Ctrl-C or a kill would otherwise leave the server running, holding its memory.
  const stopChild = (signal: NodeJS.Signals) => {
    child.kill("SIGTERM");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", stopChild);
  process.once("SIGTERM", stopChild);
  process.once("exit", () => child.kill("SIGTERM"));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("Keduo is running at")) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`keduo start exited before listening:\n${output.slice(-3000)}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const token = await createApiToken(url, benchAdmin.email, benchAdmin.password);
  const pid = child.pid!;
  return {
    pid,
    url,
    api: new ApiClient(url, token),
    async upload(object, file) {
      const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
      const response = await fetch(`${url}/api/imports?object=${object}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": file.name.endsWith(".csv") ? "text/csv" : "application/octet-stream",
          "content-length": String(file.bytes),
          "x-file-name": encodeURIComponent(file.name),
          "accept-language": "en",
        },
        body,
        duplex: "half",
      } as RequestInit);
      return { status: response.status, text: await response.text() };
    },
    rss() {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      return kb * 1024;
    },
    async stop() {
      process.off("SIGINT", stopChild);
      process.off("SIGTERM", stopChild);
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}
