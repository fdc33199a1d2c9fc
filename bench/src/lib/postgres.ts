import pg from "pg";

/** A superuser connection used to create, clone and drop the benchmark databases. */
export const adminDatabaseUrl =
  process.env.KEDUO_BENCH_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";

/** The URL of another database on the same server as the admin connection. */
export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const withAdminClient = <T>(work: (client: pg.Client) => Promise<T>) =>
  withClient(adminDatabaseUrl, work);

// Database names are built by the benchmarks from fixed prefixes and hex keys; this guards the one place they
// are spliced into DDL (CREATE DATABASE takes no bind parameters).
function assertDatabaseName(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a benchmark database name: ${name}`);
  return `"${name}"`;
}

export async function databaseExists(name: string): Promise<boolean> {
  return withAdminClient(async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return (rowCount ?? 0) > 0;
  });
}

export async function listDatabases(prefix: string): Promise<string[]> {
  return withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname",
      [prefix],
    );
    return rows.map((row) => row.datname);
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) =>
    client.query(`DROP DATABASE IF EXISTS ${assertDatabaseName(name)} WITH (FORCE)`),
  );
}

/**
 * FILE_COPY copies the template's files after a checkpoint instead of WAL-logging every block (the
 * PostgreSQL 15 default): much faster for the hundreds of megabytes of a million-row template.
 */
export async function createDatabase(name: string, template?: string): Promise<void> {
  const from = template ? ` TEMPLATE ${assertDatabaseName(template)} STRATEGY FILE_COPY` : "";
  await withAdminClient(async (client) => {
    if (template) await waitUntilUnused(client, template);
    await client.query(`CREATE DATABASE ${assertDatabaseName(name)}${from}`);
  });
}

/**
 * A closed pool's backends leave a moment after the client hangs up, and renaming or copying a database needs
 * it idle: wait for them (up to 5 s), then end any left.
 */
async function waitUntilUnused(client: pg.Client, name: string): Promise<void> {
  const sessions = async () =>
    (
      await client.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [
        name,
      ])
    ).rowCount ?? 0;
  for (let i = 0; i < 100 && (await sessions()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
  await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
}

export async function renameDatabase(from: string, to: string): Promise<void> {
  await withAdminClient(async (client) => {
    await waitUntilUnused(client, from);
    await client.query(`ALTER DATABASE ${assertDatabaseName(from)} RENAME TO ${assertDatabaseName(to)}`);
  });
}

export async function serverVersion(): Promise<string> {
  return withAdminClient(async (client) => {
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    return rows[0]?.server_version ?? "unknown";
  });
}
