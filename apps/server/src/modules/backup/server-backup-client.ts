import { Readable } from "node:stream";
import { BackupRefusedError } from "./backup-errors.ts";

/**
 * Asks a running Keduo for a backup (POST /api/admin/backup): the way to back up the embedded database
 * without stopping the server, since only the process holding the data directory may read it (ADR 0011).
 */
export async function fetchServerBackup(baseUrl: string, token: string): Promise<AsyncIterable<Buffer>> {
  let response: Response;
  try {
    response = await fetch(new URL("/api/admin/backup", baseUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "accept-language": "en" },
    });
  } catch (error) {
    throw new BackupRefusedError(`Cannot reach the running Keduo at ${baseUrl}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    const text = await response.text();
    let detail = text;
    try {
      const problem = JSON.parse(text) as { title?: string; detail?: string };
      detail = [problem.title, problem.detail].filter(Boolean).join(": ");
    } catch {
      // not problem+json
    }
    throw new BackupRefusedError(
      `The running Keduo at ${baseUrl} refused the backup (${response.status}): ${detail}`,
    );
  }
  return Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
}
