/** Why an email address is refused, as a field issue code with its params; null when it is accepted. */
export interface EmailProblem {
  code: "invalid_email" | "full_width_in_email";
  params?: { char: string };
}

// A Chinese input method types these in place of @ and . ; IDNA would quietly read 。 as a dot, so an
// address shown with one would not be the address mail goes to. Refused with the character named instead.
const FULL_WIDTH = /[＠．。｡]/u;
const FORBIDDEN_IN_DOMAIN = /[\s@,;:/\\<>()[\]"'!?#%&*=+|{}~^`$]/u;

/**
 * Checks an email address without converting it: a Unicode domain (`info@münchen.de`, `张三@例子.公司`)
 * is an address as typed, and is stored and shown so (never as punycode). Deliberately loose otherwise;
 * the only proof an address works is mail arriving.
 *
 * @example
 * emailProblem("张三@例子.公司"); // null
 * emailProblem("张三＠例子.公司"); // { code: "full_width_in_email", params: { char: "＠" } }
 */
export function emailProblem(text: string): EmailProblem | null {
  const fullWidth = FULL_WIDTH.exec(text);
  if (fullWidth) return { code: "full_width_in_email", params: { char: fullWidth[0] } };
  const at = text.indexOf("@");
  if (at <= 0 || at !== text.lastIndexOf("@") || /\s/u.test(text)) return { code: "invalid_email" };
  const labels = text.slice(at + 1).split(".");
  const validLabel = (label: string) =>
    label !== "" && !label.startsWith("-") && !label.endsWith("-") && !FORBIDDEN_IN_DOMAIN.test(label);
  return labels.length >= 2 && labels.every(validLabel) ? null : { code: "invalid_email" };
}

export const isEmailAddress = (text: string): boolean => emailProblem(text) === null;
