import type { CheckedFilter, FieldDefinition } from "@keduo/core";
import type { CompiledQuery } from "kysely";

/**
 * One read of records as it ran: what it filtered, sorted and grouped on, whether the reader's row predicate
 * applied, and how long its statement took. Observers (the index advisor, ADR 0034) learn the shapes of reads
 * from it; the records service neither knows nor waits for them.
 */
export interface ObservedRead {
  kind: "list" | "aggregate";
  object: string;
  /** The caller's filter as checked; null when there was none. */
  filter: CheckedFilter | null;
  /** Sort keys on columns, in order (formula keys that are not a column are left out). */
  sort: ReadonlyArray<{ column: string; direction: "asc" | "desc" }>;
  idDirection: "asc" | "desc";
  groupBy: readonly FieldDefinition[];
  /** Fields aggregated (summed, averaged…). */
  measures: readonly FieldDefinition[];
  /** Whether a row predicate (own records, department, sharing rules) narrowed the read. */
  scoped: boolean;
  ms: number;
  /** The statement as it ran, compiled with its parameters; compiled only for an observer that keeps it. */
  statement: () => CompiledQuery;
}

export type ReadObserver = (read: ObservedRead) => void;

/** Who is told about reads. An observer that throws is a bug of its own and never fails the read. */
export class ReadObservers {
  private readonly observers: ReadObserver[] = [];

  add(observer: ReadObserver): void {
    this.observers.push(observer);
  }

  get watching(): boolean {
    return this.observers.length > 0;
  }

  notify(read: ObservedRead): void {
    for (const observer of this.observers) {
      try {
        observer(read);
      } catch {
        // Observing is advice: a broken observer must not cost the reader their answer.
      }
    }
  }
}
