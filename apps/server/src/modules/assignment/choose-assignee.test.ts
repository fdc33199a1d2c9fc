import { describe, expect, it } from "vitest";
import { type Candidate, chooseAssignee } from "./choose-assignee.ts";

const people = (loads: number[], away: number[] = []): Candidate[] =>
  loads.map((load, i) => ({ userId: `u${i}`, name: `U${i}`, load, away: away.includes(i) }));

describe("choosing an assignee", () => {
  it("round robin takes the next person after the last, wrapping around", () => {
    const ps = people([5, 0, 9]);
    expect(chooseAssignee(ps, "round_robin", { last: null, capacity: null }).userId).toBe("u0");
    expect(chooseAssignee(ps, "round_robin", { last: "u0", capacity: null }).userId).toBe("u1");
    expect(chooseAssignee(ps, "round_robin", { last: "u2", capacity: null }).userId).toBe("u0");
  });

  it("least loaded takes the fewest open records, ties in turn after the last", () => {
    expect(chooseAssignee(people([5, 2, 9]), "least_loaded", { last: null, capacity: null }).userId).toBe(
      "u1",
    );
    const tied = people([3, 3, 3]);
    expect(chooseAssignee(tied, "least_loaded", { last: "u0", capacity: null }).userId).toBe("u1");
    expect(chooseAssignee(tied, "least_loaded", { last: "u2", capacity: null }).userId).toBe("u0");
  });

  it("passes over away people and people at capacity, and says so", () => {
    const choice = chooseAssignee(people([1, 0, 4], [1]), "least_loaded", { last: null, capacity: 4 });
    expect(choice.userId).toBe("u0");
    expect(choice.candidates.map((c) => c.passed_over)).toEqual([null, "away", "at_capacity"]);
    const none = chooseAssignee(people([4, 4]), "round_robin", { last: null, capacity: 4 });
    expect(none.userId).toBeNull();
  });

  it("balances 1,000 records over 5 people with uneven starting loads", () => {
    const ps = people([40, 0, 13, 7, 22]);
    let last: string | null = null;
    for (let i = 0; i < 1000; i++) {
      const { userId } = chooseAssignee(ps, "least_loaded", { last, capacity: null });
      const person = ps.find((p) => p.userId === userId);
      if (person) person.load++;
      last = userId;
    }
    const loads = ps.map((p) => p.load);
    expect(Math.max(...loads) / Math.min(...loads)).toBeLessThanOrEqual(1.05);
  });
});
