import {
  FIELD_ISSUE_MESSAGES,
  findErrorDefinition,
  interpolate,
  isKeduoError,
  type KeduoError,
  type Locale,
  type StepProblem,
  type Translatable,
} from "@keduo/core";

/** An action's own failure: its problem for the run log, and its English words as the error. */
export class ActionFailure extends Error {
  readonly problem: StepProblem;

  constructor(problem: StepProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** A field's name in one language, when the field is known (a write's issue names the field it is about). */
export type FieldLabel = (field: string, locale: Locale) => string | undefined;

/** A catalogued error in one language: each field issue's message by its field, or else the error's detail. */
function words(error: KeduoError, locale: Locale, label: FieldLabel): string {
  const issues = error.issues.map((issue) => {
    const template = issue.message?.[locale] ?? FIELD_ISSUE_MESSAGES[issue.code]?.[locale] ?? issue.code;
    const name = label(issue.field, locale) ?? issue.field;
    return `${name}${locale === "zh-CN" ? "：" : ": "}${interpolate(template, issue.params)}`;
  });
  if (issues.length) return issues.join(locale === "zh-CN" ? "；" : "; ");
  const definition = findErrorDefinition(error.code) ?? findErrorDefinition("INTERNAL_ERROR");
  return definition ? interpolate(definition.detail[locale], error.params) : error.code;
}

/**
 * Why an action failed, for the run log: its error's English words (logs, the API, older readers) and its
 * problem, which the web app words in the reader's language. A refused write (a KeduoError, whose message is
 * only its code) is worded here in both languages, as the HTTP layer words it for a request.
 */
export function failureOf(
  error: unknown,
  label: FieldLabel = () => undefined,
): { error: string; problem: StepProblem } {
  if (error instanceof ActionFailure) return { error: error.message, problem: error.problem };
  if (isKeduoError(error)) {
    const problem: Translatable = { "zh-CN": words(error, "zh-CN", label), en: words(error, "en", label) };
    return { error: problem.en, problem: { code: "refused", params: { problem } } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: message, problem: { code: "internal", params: { message } } };
}
