/** Where a hook runs among the hooks of its stage, by their names — never by the order of `register` calls. */
export interface HookPlacement {
  /** Hooks of the same stage this one runs after (it reads what they did). */
  after?: readonly string[];
  /** Hooks of the same stage this one runs before (they read what it did). */
  before?: readonly string[];
}

export interface PlacedHook {
  name: string;
  placement: HookPlacement;
}

/**
 * The order of one stage's hooks: every `after`/`before` holds, and hooks with no constraint between them run
 * by name, so the result does not depend on which module registered first. Throws on a name that is not a
 * hook of this stage and on a cycle of constraints, naming the hooks involved.
 */
export function resolveHookOrder(stage: string, hooks: readonly PlacedHook[]): string[] {
  const names = new Set(hooks.map((h) => h.name));
  const successors = new Map<string, Set<string>>([...names].map((name) => [name, new Set<string>()]));
  const edge = (from: string, to: string, declaredBy: string) => {
    const unknown = names.has(from) ? to : from;
    if (!names.has(from) || !names.has(to))
      throw new Error(
        `write hook ${declaredBy} (${stage}) is placed relative to ${unknown}, which is not a ${stage} hook; ` +
          `${stage} hooks: ${[...names].sort().join(", ") || "none"}`,
      );
    successors.get(from)!.add(to);
  };
  for (const { name, placement } of hooks) {
    for (const other of placement.after ?? []) edge(other, name, name);
    for (const other of placement.before ?? []) edge(name, other, name);
  }

  const incoming = new Map([...names].map((name) => [name, 0]));
  for (const targets of successors.values())
    for (const target of targets) incoming.set(target, incoming.get(target)! + 1);
  const ready = [...names].filter((name) => incoming.get(name) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    order.push(name);
    for (const next of successors.get(name)!) {
      incoming.set(next, incoming.get(next)! - 1);
      if (incoming.get(next) === 0) {
        ready.push(next);
        ready.sort();
      }
    }
  }
  if (order.length < names.size) {
    const stuck = [...names].filter((name) => !order.includes(name)).sort();
    throw new Error(`write hooks of ${stage} are placed in a cycle: ${stuck.join(", ")}`);
  }
  return order;
}
