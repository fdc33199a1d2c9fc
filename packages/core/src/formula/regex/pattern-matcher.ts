import type { PatternNode } from "./pattern-ast.ts";

type Instruction =
  | { op: "test"; accepts: (codePoint: number) => boolean }
  | { op: "split"; first: number; second: number }
  | { op: "jump"; to: number }
  | { op: "start" }
  | { op: "end" }
  | { op: "match" };

/** A compiled pattern: matching is a Pike VM over code points, linear in the text (no backtracking). */
export interface PatternMatcher {
  test(text: string): boolean;
}

function classTest(negated: boolean, ranges: ReadonlyArray<readonly [number, number]>) {
  return (codePoint: number) =>
    ranges.some(([low, high]) => codePoint >= low && codePoint <= high) !== negated;
}

class Compiler {
  readonly program: Instruction[] = [];

  private emit(instruction: Instruction): number {
    this.program.push(instruction);
    return this.program.length - 1;
  }

  private patch(at: number, instruction: Instruction): void {
    this.program[at] = instruction;
  }

  compile(node: PatternNode): void {
    switch (node.kind) {
      case "char":
        this.emit({ op: "test", accepts: (c) => c === node.codePoint });
        return;
      case "any":
        this.emit({ op: "test", accepts: () => true });
        return;
      case "class":
        this.emit({ op: "test", accepts: classTest(node.negated, node.ranges) });
        return;
      case "start":
        this.emit({ op: "start" });
        return;
      case "end":
        this.emit({ op: "end" });
        return;
      case "group":
        this.compile(node.body);
        return;
      case "sequence":
        for (const item of node.items) this.compile(item);
        return;
      case "alternation":
        this.alternation(node.options);
        return;
      case "repeat":
        this.repeat(node.body, node.min, node.max);
        return;
    }
  }

  private alternation(options: readonly PatternNode[]): void {
    const jumps: number[] = [];
    options.forEach((option, index) => {
      if (index === options.length - 1) {
        this.compile(option);
        return;
      }
      const split = this.emit({ op: "match" });
      this.compile(option);
      jumps.push(this.emit({ op: "match" }));
      this.patch(split, { op: "split", first: split + 1, second: this.program.length });
    });
    for (const jump of jumps) this.patch(jump, { op: "jump", to: this.program.length });
  }

  private optional(body: PatternNode): void {
    const split = this.emit({ op: "match" });
    this.compile(body);
    this.patch(split, { op: "split", first: split + 1, second: this.program.length });
  }

  private repeat(body: PatternNode, min: number, max: number | null): void {
    for (let i = 0; i < min; i++) this.compile(body);
    if (max === null) {
      const split = this.emit({ op: "match" });
      this.compile(body);
      this.emit({ op: "jump", to: split });
      this.patch(split, { op: "split", first: split + 1, second: this.program.length });
      return;
    }
    for (let i = min; i < max; i++) this.optional(body);
  }
}

/** Compiles a validated pattern; `test` is true when the pattern matches anywhere in the text. */
export function compilePattern(pattern: PatternNode): PatternMatcher {
  const compiler = new Compiler();
  compiler.compile(pattern);
  compiler.program.push({ op: "match" });
  const program = compiler.program;

  return {
    test(text) {
      const codePoints = Array.from(text, (char) => char.codePointAt(0)!);
      const length = codePoints.length;
      const seen = new Int32Array(program.length).fill(-1);
      let generation = 0;
      // Follows jumps, splits and anchors from pc at position; collects the instructions that read a character.
      const add = (list: number[], pc: number, position: number): boolean => {
        if (seen[pc] === generation) return false;
        seen[pc] = generation;
        const instruction = program[pc]!;
        switch (instruction.op) {
          case "match":
            return true;
          case "jump":
            return add(list, instruction.to, position);
          case "split":
            return add(list, instruction.first, position) || add(list, instruction.second, position);
          case "start":
            return position === 0 && add(list, pc + 1, position);
          case "end":
            return position === length && add(list, pc + 1, position);
          case "test":
            list.push(pc);
            return false;
        }
      };
      let current: number[] = [];
      if (add(current, 0, 0)) return true;
      for (let position = 0; position < length; position++) {
        generation++;
        const next: number[] = [];
        const codePoint = codePoints[position]!;
        for (const pc of current) {
          const instruction = program[pc]!;
          if (
            instruction.op === "test" &&
            instruction.accepts(codePoint) &&
            add(next, pc + 1, position + 1)
          ) {
            return true;
          }
        }
        // A match may also start at the next position (the pattern is not anchored unless it says ^).
        if (add(next, 0, position + 1)) return true;
        current = next;
      }
      return false;
    },
  };
}
