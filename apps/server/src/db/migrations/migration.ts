import type { Schemas, Trx } from "../database.ts";

/** A versioned change to Keduo's own tables. Object tables are changed by schema sync, not here. */
export interface Migration {
  id: number;
  name: string;
  up(trx: Trx, schemas: Schemas): Promise<void>;
}
