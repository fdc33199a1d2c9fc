/**
 * Iterates `source` one item ahead: while the consumer works on an item, the next one is already being
 * produced. A producer's failure surfaces where that item would have been consumed; stopping early returns
 * the source (after the item in flight settles).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  // marks the promise handled: its failure is rethrown when awaited below, or dropped once we stopped
  next.catch(() => {});
  let done = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = iterator.next();
      next.catch(() => {});
      yield result.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
