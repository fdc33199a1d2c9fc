import { isEmailAddress, isStorableInstant } from "@keduo/core";
import type { Ajv } from "ajv";

/**
 * RFC 3339 `date-time` (ajv-formats) admits instants JavaScript and PostgreSQL cannot hold: the leap second
 * `23:59:60` (an Invalid Date) and years outside 0001–9999 once the offset is applied. A route that turns such
 * a parameter into a Date would send PostgreSQL garbage; the schema refuses it instead (400, naming the field).
 */
export function restrictDateTimeFormat(ajv: Ajv): void {
  const rfc3339 = ajv.formats["date-time"];
  const base =
    typeof rfc3339 === "function"
      ? rfc3339
      : rfc3339 instanceof RegExp
        ? (text: string) => rfc3339.test(text)
        : typeof rfc3339 === "object" && typeof rfc3339.validate === "function"
          ? (rfc3339.validate as (text: string) => boolean)
          : () => true;
  ajv.addFormat("date-time", {
    type: "string",
    validate: (text: string) => base(text) && isStorableInstant(new Date(text)),
  });
}

/**
 * `idn-email` (RFC 6531: a Unicode local part or domain) is what email fields declare, since their values are
 * stored as typed, never as punycode; ajv-formats has no such format, so the field type's own check is it.
 */
export function addIdnEmailFormat(ajv: Ajv): void {
  ajv.addFormat("idn-email", { type: "string", validate: isEmailAddress });
}

export function configureFormats(ajv: Ajv): void {
  restrictDateTimeFormat(ajv);
  addIdnEmailFormat(ajv);
}
