import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { loadConfig } from "../../../apps/server/src/config.ts";
import { openDatabase } from "../../../apps/server/src/db/database.ts";
import { createKeduo, type KeduoServer } from "../../../apps/server/src/server.ts";
import { ApiClient, createApiToken } from "../lib/api-client.ts";
import { createDatabase, databaseUrl, dropDatabase } from "../lib/postgres.ts";
import { benchAdmin } from "../lib/server.ts";
import type { ImportFile } from "./files.ts";

export interface ImportServer {
  url: string;
  keduo: KeduoServer;
  api: ApiClient;
  database: string;
  /** POSTs the file as the web wizard does (raw body, X-File-Name), streamed from disk. */
  upload(object: string, file: ImportFile): Promise<{ status: number; text: string }>;
  close(keep: boolean): Promise<void>;
}

/**
 * Keduo in this process (so its RSS is this process's) over a new, empty PostgreSQL database, with the import
 * limits raised through the configuration (KEDUO_IMPORT_*) so the million-row file is allowed.
 */
export async function startImportServer(phase: string, maxRows: number): Promise<ImportServer> {
  const name = `keduo_bench_import_${phase}_${randomBytes(3).toString("hex")}`;
  await createDatabase(name);
  const url = databaseUrl(name);
  const config = loadConfig({
    DATABASE_URL: url,
    KEDUO_ADMIN_EMAIL: benchAdmin.email,
    KEDUO_ADMIN_PASSWORD: benchAdmin.password,
    KEDUO_LOGIN_RATE_LIMIT: "1000",
    KEDUO_IMPORT_MAX_ROWS: String(maxRows),
    KEDUO_IMPORT_MAX_BYTES: String(1024 ** 3),
  });
  const database = await openDatabase({ engine: "postgres", url });
  let keduo: KeduoServer;
  try {
    keduo = await createKeduo({ config, database });
    await keduo.app.listen({ port: 0, host: "127.0.0.1" });
  } catch (error) {
    await database.close();
    await dropDatabase(name);
    throw error;
  }
  const address = keduo.app.server.address();
  const base = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
  const token = await createApiToken(base, benchAdmin.email, benchAdmin.password);
  return {
    url: base,
    keduo,
    api: new ApiClient(base, token),
    database: name,
    async upload(object, file) {
      // Streamed, so the bench's own copy of the file does not count in the RSS being measured.
      const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
      const response = await fetch(`${base}/api/imports?object=${object}`, {
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
    async close(keep) {
      await keduo.close();
      await database.close();
      if (!keep) await dropDatabase(name);
    },
  };
}
