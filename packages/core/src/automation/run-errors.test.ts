import { describe, expect, it } from "vitest";
import { RUN_ERRORS, runProblemOf } from "./run-errors.ts";

describe("a run's own error", () => {
  it("reads back the parts of the words it was stored as", () => {
    expect(runProblemOf(RUN_ERRORS.versionGone)).toEqual({ code: "version_gone" });
    expect(runProblemOf(RUN_ERRORS.recordUnreadable("RECORD_NOT_FOUND"))).toEqual({
      code: "record_unreadable",
      message: "RECORD_NOT_FOUND",
    });
    expect(runProblemOf(RUN_ERRORS.loop(5, 5))).toEqual({ code: "loop", depth: 5, max: 5 });
  });

  it("leaves other words alone", () => {
    expect(runProblemOf("script failed: the script was stopped at its time limit (200 ms)")).toBeNull();
    expect(runProblemOf("loop: many")).toBeNull();
  });
});
