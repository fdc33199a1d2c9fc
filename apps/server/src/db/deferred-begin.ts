import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";

type Result = PostgresQueryResult<unknown>;

const settled = (command: Result["command"] | "BEGIN"): Promise<Result> =>
  Promise.resolve({ command: command as Result["command"], rowCount: 0, rows: [] });

/**
 * The pool Kysely's transactions run on, holding back each `begin` until the transaction's first statement
 * and sending both in one round trip (`begin; <statement>`, one simple-protocol message) when that
 * statement has no bind parameters — a record write's first statement, the metadata lock and version read,
 * is written so (ADR 0039). A statement with parameters is sent after its `begin` as before (pg's queue
 * keeps them in order). Holding back a `begin` changes nothing a transaction sees: PostgreSQL takes no
 * snapshot and no lock at `begin`, and a transaction that never sent a statement has nothing to commit or
 * roll back, so its `commit`/`rollback` are answered here. Only the pool given to Kysely does this; the
 * raw pool (`database.pool`) is untouched.
 */
export function deferringBegin(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, DeferredBeginClient>();
  return {
    get options() {
      return pool.options;
    },
    // pg's Pool exposes the Client class it uses (Kysely cancels queries with it); its typings omit it.
    Client: (pool as unknown as PostgresPool).Client,
    async connect(): Promise<DeferredBeginClient> {
      const client = await pool.connect();
      // Kysely keeps one connection object per client it is given: hand it the same wrapper each time.
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = new DeferredBeginClient(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

class DeferredBeginClient implements PostgresPoolClient {
  private beginPending = false;
  private readonly client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.client = client;
  }

  /** Read by Kysely to cancel a running query. */
  get processID(): number | undefined {
    return (this.client as unknown as { processID?: number }).processID;
  }

  release(destroy?: boolean): void {
    this.beginPending = false;
    this.client.release(destroy);
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    statement: string | PostgresCursor<R>,
    values?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Kysely streams through a cursor only when its dialect is given a Cursor class, which ours is not.
    if (typeof statement !== "string") throw new Error("streamed queries are not configured");
    return this.send(statement, values) as Promise<PostgresQueryResult<R>>;
  }

  private send(statement: string, values: ReadonlyArray<unknown> | undefined): Promise<unknown> {
    const bare = values === undefined || values.length === 0;
    const command = bare ? statement.trim().toLowerCase() : "";
    if (!this.beginPending) {
      if (command !== "begin") return this.client.query(statement, values as unknown[]);
      this.beginPending = true;
      return settled("BEGIN");
    }
    this.beginPending = false;
    if (command === "commit") return settled("COMMIT");
    if (command === "rollback") return settled("ROLLBACK");
    if (bare)
      return this.client
        .query(`begin; ${statement}`)
        .then((results) => (Array.isArray(results) ? results.at(-1) : results));
    // Both are queued now (pg sends the second when the first is answered); awaiting both leaves no rejection
    // unhandled when the begin fails.
    return Promise.all([this.client.query("begin"), this.client.query(statement, values as unknown[])]).then(
      ([, result]) => result,
    );
  }
}
