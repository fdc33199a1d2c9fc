/**
 * Samples this process's resident set size every `everyMs` until stopped (the server runs in this process),
 * keeping the peak of each stage (upload, inspect, run) so a peak can be traced to the step that caused it.
 */
export class RssSampler {
  private peak = 0;
  /** V8 heap and Buffer memory when the peak was taken: says whether the peak is JS objects or buffers. */
  private atPeak: NodeJS.MemoryUsage | null = null;
  private samples = 0;
  private stage = "start";
  private readonly stagePeaks: Record<string, number> = {};
  private timer: NodeJS.Timeout | null = null;

  start(stage: string, everyMs = 250): void {
    this.stage = stage;
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** Ends the current stage (with a last sample) and starts the next. */
  next(stage: string): void {
    this.sample();
    this.stage = stage;
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    this.samples++;
    if (rss > this.peak) {
      this.peak = rss;
      this.atPeak = process.memoryUsage();
    }
    if (rss > (this.stagePeaks[this.stage] ?? 0)) this.stagePeaks[this.stage] = rss;
  }

  stop(): {
    peakBytes: number;
    samples: number;
    stagePeaks: Record<string, number>;
    atPeak: NodeJS.MemoryUsage | null;
  } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return {
      peakBytes: this.peak,
      samples: this.samples,
      stagePeaks: { ...this.stagePeaks },
      atPeak: this.atPeak,
    };
  }
}

export const mib = (bytes: number) => bytes / 2 ** 20;

/** RSS once the server is up and idle: a few samples half a second apart, the lowest (a GC may be in flight). */
export async function idleRss(): Promise<number> {
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    lowest = Math.min(lowest, process.memoryUsage.rss());
  }
  return lowest;
}
