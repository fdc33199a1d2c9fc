/**
 * A run's own error (not an action's) in the run log's English words, and read back into its parts so the web
 * app can word it in the reader's language. The words are the stored form (runs keep one `error` text column),
 * so they are made and read in this one place.
 */
export const RUN_ERRORS = {
  versionGone: "the automation version is gone",
  recordUnreadable: (message: string) => `record unreadable: ${message}`,
  loop: (depth: number, max: number) => `loop: ${depth} causes deep (at most ${max})`,
};

export type RunProblem =
  | { code: "version_gone" }
  | { code: "record_unreadable"; message: string }
  | { code: "loop"; depth: number; max: number };

/** The parts of a run's own error; null for any other text (an action's error, words from before). */
export function runProblemOf(error: string): RunProblem | null {
  if (error === RUN_ERRORS.versionGone) return { code: "version_gone" };
  const unreadable = /^record unreadable: (.*)$/s.exec(error);
  if (unreadable) return { code: "record_unreadable", message: unreadable[1] ?? "" };
  const loop = /^loop: (\d+) causes deep \(at most (\d+)\)$/.exec(error);
  if (loop) return { code: "loop", depth: Number(loop[1]), max: Number(loop[2]) };
  return null;
}
