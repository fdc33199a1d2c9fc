import type { KnownOpen } from "./probe-findings.ts";

/**
 * Failures the probe and fuzz suites find on today's code, each an expected failure until its fix is merged.
 * When a fix lands, the entry's `still open` test fails: delete the entry. Never add one to make a run green.
 */
export const KNOWN_OPEN: readonly KnownOpen[] = [];
