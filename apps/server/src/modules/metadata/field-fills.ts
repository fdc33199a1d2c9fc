import type { Db, Trx } from "../../db/database.ts";

/** A field whose derived column is being filled, and the object it belongs to. */
export interface PendingFill {
  objectId: string;
  fieldId: string;
}

/**
 * The fill state of fields' derived columns (ADR 0019), owned here with the field rows. Whoever fills a
 * column (formula-sql for stored formulas) starts and ends a fill inside a metadata change, and in between
 * commits batches that each lock the fill, fill the rows after its cursor and advance it.
 */
export class FieldFills {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Every fill not finished yet: a restarted server resumes them. */
  async pending(): Promise<PendingFill[]> {
    const rows = await this.db
      .selectFrom("fields")
      .select(["object_id", "id"])
      .where("filling", "=", true)
      .where("hidden_at", "is", null)
      .orderBy("created_at")
      .execute();
    return rows.map((row) => ({ objectId: row.object_id, fieldId: row.id }));
  }

  /**
   * Locks the fill of `fieldId` for one batch (instances filling the same field take turns) and returns the
   * last id filled so far (null before the first batch), or undefined when the field is not filling.
   */
  async lock(trx: Trx, fieldId: string): Promise<{ cursor: string | null } | undefined> {
    const row = await trx
      .selectFrom("fields")
      .select("fill_cursor")
      .where("id", "=", fieldId)
      .where("filling", "=", true)
      .forUpdate()
      .executeTakeFirst();
    return row && { cursor: row.fill_cursor };
  }

  /** Records that every row up to `cursor` (by id) is filled, in the batch's transaction. */
  async advance(trx: Trx, fieldId: string, cursor: string): Promise<void> {
    await trx.updateTable("fields").set({ fill_cursor: cursor }).where("id", "=", fieldId).execute();
  }
}

/** Starts (again, from the first row) or ends the fill of a field's column; only inside a metadata change. */
export async function setFieldFilling(trx: Trx, fieldId: string, filling: boolean): Promise<void> {
  await trx.updateTable("fields").set({ filling, fill_cursor: null }).where("id", "=", fieldId).execute();
}
