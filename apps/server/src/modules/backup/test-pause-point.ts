/**
 * Test-only: with `KEDUO_TEST_PAUSE_AT=<point>` the process prints `paused at <point>` when it reaches that
 * step of a backup or restore and waits there for good, so a test can `kill -9` it at exactly that step
 * (restore-kill.test.ts). Without the variable this does nothing. Points: `backup:after-snapshot`,
 * `restore:before-swap`, `restore:after-rename`, `restore:during-swap` (PostgreSQL: pg_restore has part of
 * the backup), `restore:after-swap`.
 */
export async function pauseForTestAt(point: string): Promise<void> {
  if (process.env.KEDUO_TEST_PAUSE_AT !== point) return;
  console.log(`paused at ${point}`);
  // A pending timer keeps the process alive; nothing resolves this promise.
  await new Promise(() => setInterval(() => {}, 60_000));
}

/** Passes `source` on; at `point` it holds back the last byte and pauses there (the reader is mid-stream). */
export async function* holdLastByteForTestAt(
  point: string,
  source: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer> {
  if (process.env.KEDUO_TEST_PAUSE_AT !== point) return yield* source;
  let previous: Buffer | null = null;
  for await (const chunk of source) {
    if (previous) yield previous;
    previous = chunk;
  }
  if (!previous) return;
  yield previous.subarray(0, -1);
  await pauseForTestAt(point);
}
