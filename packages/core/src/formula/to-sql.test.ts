import { describe, expect, it } from "vitest";
import { compile, context } from "./test-support.ts";

describe("compileFormulaToSql", () => {
  it("binds every literal and takes identifiers only from the scope", () => {
    const { sql, parameters } = compile('IF(account.tier = "gold", amount * 1.1, amount)');
    expect(sql).toBe(
      '(CASE WHEN (NULLIF("d"."account__tier", \'\') IS NOT DISTINCT FROM ($1)::text) THEN ("d"."amount" * $2::numeric) ELSE "d"."amount" END)::numeric',
    );
    expect(parameters).toEqual(["gold", "1.1"]);
  });

  it("passes TODAY, NOW and the time zone as parameters, never now() or current_date", () => {
    const { sql, parameters } = compile("IF(close_date < TODAY(), TEXT(created_at), TEXT(NOW()))");
    expect(sql).not.toMatch(/now\(\)|current_date|current_timestamp|localtimestamp/i);
    expect(parameters).toEqual(
      expect.arrayContaining([context.today, context.now.toISOString(), context.timeZone]),
    );
  });

  it("compiles an aggregate into the caller's subquery, the condition as its WHERE", () => {
    const { sql, parameters } = compile('SUM(payments.amount, payments.status = "received")');
    expect(sql).toBe(
      '((SELECT COALESCE(sum("p"."amount"), 0) FROM "payments" AS p WHERE p.deal_id = d.id AND (NULLIF("p"."status", \'\') IS NOT DISTINCT FROM ($1)::text)))::numeric',
    );
    expect(parameters).toEqual(["received"]);
  });

  it("divides with exact integer division cut to 10 places, BLANK for zero", () => {
    // quantity is a whole-number field (a bigint column): read as numeric, so the division keeps decimals.
    expect(compile("amount / quantity").sql).toBe(
      '(div(("d"."amount") * 10000000000, NULLIF(("d"."quantity")::numeric, 0)) * 1e-10)',
    );
  });

  it("orders text by code point with the C collation", () => {
    expect(compile('name < "b"').sql).toContain('COLLATE "C" <');
  });

  it("computes a value used several times once, in a scalar subquery", () => {
    const { sql } = compile("VALUE(LEFT(name, 3) & name)");
    expect(sql).toMatch(/\(SELECT CASE WHEN "_f1"."v0" ~ .* FROM \(SELECT btrim\(.*\) AS "v0"\) AS "_f1"\)/s);
    expect(compile("SQRT(quantity)").sql.match(/"d"."quantity"/g)).toHaveLength(2);
  });

  it("types every BLANK so PostgreSQL never has to guess", () => {
    expect(compile("BLANK").sql).toBe("(NULL)::text");
    expect(compile("BLANK + 1").sql).toBe("((NULL)::numeric + $1::numeric)");
    expect(compile("IF(won, BLANK, BLANK) + 1").sql).toContain("END)::numeric + $1::numeric)");
    expect(compile("LEFT(BLANK, 2)").sql).toContain("left(COALESCE((NULL)::text, '')");
  });

  const payloads = [
    "'); DROP TABLE deal; --",
    'x"; DELETE FROM users; --',
    "$1",
    "\\'; SELECT 1; --",
    "E'\\\\x'",
    "{{}}",
  ];

  it("keeps SQL-looking text out of the SQL text in every argument position", () => {
    for (const payload of payloads) {
      const literal = `"${payload.replaceAll('"', '""')}"`;
      const sources = [
        `${literal} & name`,
        `IF(name = ${literal}, ${literal}, ${literal})`,
        `SWITCH(${literal}, ${literal}, ${literal}, ${literal})`,
        `CONCAT(${literal}, ${literal})`,
        `LEFT(${literal}, LEN(${literal}))`,
        `MID(${literal}, 1, 2)`,
        `SUBSTITUTE(${literal}, ${literal}, ${literal})`,
        `CONTAINS(${literal}, ${literal}) AND STARTSWITH(${literal}, ${literal})`,
        `VALUE(${literal})`,
        `TRIM(UPPER(LOWER(${literal})))`,
        `COUNT(payments, payments.note = ${literal})`,
        `INCLUDES(tags, ${literal})`,
        `MIN(${literal}, name)`,
        `BLANKVALUE(name, ${literal})`,
        `REGEXMATCH(${literal}, "^a")`,
      ];
      for (const source of sources) {
        const { sql, parameters } = compile(source);
        expect(sql, source).not.toContain("DROP");
        expect(sql, source).not.toContain("DELETE");
        expect(sql, source).not.toContain("SELECT 1");
        expect(parameters, source).toContain(payload);
      }
    }
  });

  it("binds a REGEXMATCH pattern after reprinting it", () => {
    const { sql, parameters } = compile('REGEXMATCH(name, "^(a|b)\\.")');
    expect(sql).toBe("((COALESCE(NULLIF(\"d\".\"name\", ''), '') ~ $1::text))::boolean");
    expect(parameters).toEqual(["^(?:a|b)\\."]);
  });
});
