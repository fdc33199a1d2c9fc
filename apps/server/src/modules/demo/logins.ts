import type { DemoOutcome } from "./fill-demo.ts";

/** The sign-ins of the demo company as a table: role, name, email and the one demo password. */
export function describeDemoLogins(outcome: Extract<DemoOutcome, { created: true }>): string {
  const rows = [
    ["role", "title", "name", "email", "password"],
    ...outcome.users.map((user) => [user.role, user.title, user.name, user.email, outcome.password]),
  ];
  // CJK characters take two columns in a terminal.
  const width = (text: string) =>
    [...text].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => width(row[column]!))));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell + " ".repeat(widths[column]! - width(cell)))
      .join("  ")
      .trimEnd();
  const total = Object.values(outcome.counts).reduce((sum, count) => sum + count, 0);
  return [
    `Demo company filled (seed ${outcome.seed}, ${outcome.scale} accounts): ${total} records in ` +
      `${(outcome.ms / 1000).toFixed(1)} s, ${outcome.users.length} users.`,
    Object.entries(outcome.counts)
      .map(([object, count]) => `${object} ${count}`)
      .join(", "),
    "",
    line(rows[0]!),
    ...rows.slice(1).map(line),
    "",
    "Every demo user signs in with the password above (KEDUO_DEMO_PASSWORD sets another).",
  ].join("\n");
}
