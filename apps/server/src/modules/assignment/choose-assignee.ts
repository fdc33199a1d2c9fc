import type { AssignmentCandidate, AssignmentStrategy } from "@keduo/core";

export interface Candidate {
  userId: string;
  name: string;
  load: number;
  away: boolean;
}

export interface Choice {
  userId: string | null;
  candidates: AssignmentCandidate[];
}

/**
 * Picks who gets the next record among a rule's people, in their stable order. Away people and people at
 * capacity are passed over (and listed as such). Round robin takes the first eligible person after the last
 * one given a record; least loaded the eligible person with the fewest open records, ties going round robin so
 * equal loads take turns.
 */
export function chooseAssignee(
  people: readonly Candidate[],
  strategy: AssignmentStrategy,
  options: { last: string | null; capacity: number | null },
): Choice {
  const candidates: AssignmentCandidate[] = people.map((p) => ({
    user_id: p.userId,
    name: p.name,
    load: p.load,
    passed_over: p.away
      ? "away"
      : options.capacity !== null && p.load >= options.capacity
        ? "at_capacity"
        : null,
  }));
  const eligible = candidates.filter((c) => c.passed_over === null);
  if (eligible.length === 0) return { userId: null, candidates };
  // Everyone in turn, starting after the last one given a record.
  const start = people.findIndex((p) => p.userId === options.last) + 1;
  const inTurn = [...eligible].sort((a, b) => turn(a) - turn(b));
  function turn(c: AssignmentCandidate) {
    const index = people.findIndex((p) => p.userId === c.user_id);
    return (index - start + people.length) % people.length;
  }
  if (strategy === "round_robin") return { userId: inTurn[0]?.user_id ?? null, candidates };
  const fewest = Math.min(...inTurn.map((c) => c.load));
  return { userId: inTurn.find((c) => c.load === fewest)?.user_id ?? null, candidates };
}
