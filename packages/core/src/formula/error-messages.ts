import type { FieldIssue } from "../errors/keduo-error.ts";
import { interpolate, LOCALES, type Locale, type Translatable } from "../i18n/locale.ts";
import type { FormulaError, FormulaErrorCode } from "./formula-error.ts";

const FORMULA_ERROR_MESSAGES: Record<FormulaErrorCode, Translatable> = {
  too_long: {
    "zh-CN": "公式太长：最多 {max} 个字符",
    en: "the formula is too long: at most {max} characters",
  },
  unexpected_character: { "zh-CN": "无法识别的字符“{char}”", en: "unexpected character “{char}”" },
  full_width_character: {
    "zh-CN": "这是全角符号“{char}”，请改用半角“{suggestion}”",
    en: "full-width “{char}”: use “{suggestion}” instead",
  },
  use_instead: { "zh-CN": "请用“{suggestion}”代替“{found}”", en: "use “{suggestion}” instead of “{found}”" },
  unterminated_text: { "zh-CN": "文本缺少结尾的引号 {quote}", en: "the text has no closing quote {quote}" },
  number_too_long: { "zh-CN": "数字位数太多：最多 {max} 位", en: "too many digits: at most {max}" },
  invalid_number: { "zh-CN": "“{text}”不是有效的数字", en: "“{text}” is not a valid number" },
  expected_name_after_dot: { "zh-CN": "“.”后面应是字段名", en: "a field name must follow “.”" },
  unexpected_token: { "zh-CN": "此处不应出现“{found}”", en: "unexpected “{found}”" },
  unexpected_end: { "zh-CN": "公式不完整", en: "the formula ends too early" },
  expected_closing_paren: { "zh-CN": "缺少右括号“)”", en: "missing closing parenthesis “)”" },
  chained_comparison: {
    "zh-CN": "比较不能连写，请用 AND 连接，如 a < b AND b < c",
    en: "comparisons cannot be chained: join them with AND, as in a < b AND b < c",
  },
  too_deep: { "zh-CN": "嵌套太深：最多 {max} 层", en: "nested too deeply: at most {max} levels" },
  too_many_nodes: {
    "zh-CN": "公式太复杂：最多 {max} 个运算、值和引用",
    en: "the formula is too complex: at most {max} operations, values and references",
  },
  too_many_arguments: { "zh-CN": "参数太多：最多 {max} 个", en: "too many arguments: at most {max}" },
  unknown_field: { "zh-CN": "{object} 没有名为 {name} 的字段", en: "{object} has no field named {name}" },
  unknown_function: { "zh-CN": "没有名为 {name} 的函数", en: "there is no function named {name}" },
  not_a_relation: {
    "zh-CN": "{name} 不是关联字段，后面不能再接“.”",
    en: "{name} is not a relation, so nothing can follow it after “.”",
  },
  relation_needs_field: {
    "zh-CN": "{name} 是关联，请指定其中的字段，如 {name}.name",
    en: "{name} is a relation: name one of its fields, such as {name}.name",
  },
  list_needs_aggregate: {
    "zh-CN": "{name} 是关联记录列表，只能用在 SUM、COUNT、AVG、MIN、MAX 中",
    en: "{name} is a list of related records: use it inside SUM, COUNT, AVG, MIN or MAX",
  },
  too_many_hops: {
    "zh-CN": "关联层级太多：最多经过 {max} 个关联",
    en: "too many relations in one reference: at most {max}",
  },
  argument_count: {
    "zh-CN": "{name} 需要 {expected} 个参数，这里有 {actual} 个",
    en: "{name} takes {expected} argument(s), not {actual}",
  },
  argument_type: {
    "zh-CN": "{name} 的第 {position} 个参数应为{expected}，这里是{actual}",
    en: "argument {position} of {name} must be {expected}, not {actual}",
  },
  operand_type: {
    "zh-CN": "{operator} 需要{expected}，这里是{actual}",
    en: "{operator} needs {expected}, not {actual}",
  },
  cannot_add: { "zh-CN": "{type}不能与{other}相加", en: "cannot add {type} to {other}" },
  cannot_subtract: { "zh-CN": "{left}不能减去{right}", en: "cannot subtract {right} from {left}" },
  cannot_multiply: { "zh-CN": "{type}不能与{other}相乘", en: "cannot multiply {type} by {other}" },
  cannot_divide: { "zh-CN": "{left}不能除以{right}", en: "cannot divide {left} by {right}" },
  cannot_concatenate: {
    "zh-CN": "& 只能连接文本，这里是{type}；请先用 TEXT() 转换",
    en: "& joins text, not {type}: convert it with TEXT() first",
  },
  cannot_compare: { "zh-CN": "{left}不能与{right}比较", en: "cannot compare {left} with {right}" },
  not_ordered: { "zh-CN": "{type}只能用 = 或 <> 比较", en: "{type} can only be compared with = or <>" },
  mismatched_types: {
    "zh-CN": "{name} 的各个结果应为同一类型，这里有{first}和{other}",
    en: "the results of {name} must have one type, not {first} and {other}",
  },
  pairs_required: {
    "zh-CN": "{name} 的参数应成对出现：条件, 值",
    en: "{name} takes its arguments in pairs: condition, value",
  },
  literal_required: {
    "zh-CN": "{name} 的第 {position} 个参数须直接写成带引号的文本",
    en: "argument {position} of {name} must be written as quoted text",
  },
  invalid_unit: {
    "zh-CN": "{name} 不支持单位“{unit}”，可用：{allowed}",
    en: "{name} does not know the unit “{unit}”; use one of: {allowed}",
  },
  wrong_result_type: {
    "zh-CN": "公式的结果应为{expected}，这里是{actual}",
    en: "the formula must give {expected}, not {actual}",
  },
  unknown_option: {
    "zh-CN": "“{value}”不是 {name} 的选项值；可选：{options}",
    en: "“{value}” is not an option value of {name}; the options are: {options}",
  },
  write_context_only: {
    "zh-CN": "{name} 只能用在检查写入的公式中（如校验规则）；公式字段没有“写入前”的值",
    en: "{name} only works in formulas that check a write (such as validation rules); a formula field has no write to look at",
  },
  prior_needs_field: {
    "zh-CN": "{name} 的参数须是本记录自己存储的字段（不能是关联路径或公式字段），如 {name}(stage)",
    en: "{name} needs a stored field of the record itself (not a relation path or a formula field), such as {name}(stage)",
  },
  aggregate_needs_list: {
    "zh-CN": "{name} 需要关联记录列表中的字段，如 {name}(payments.amount)",
    en: "{name} needs a field of a related list, such as {name}(payments.amount)",
  },
  nested_aggregate: {
    "zh-CN": "汇总函数 {name} 不能嵌套在另一个汇总中",
    en: "the aggregate {name} cannot be nested in another aggregate",
  },
  mixed_lists: {
    "zh-CN": "一个汇总只能读取一个关联列表，这里有 {first} 和 {other}",
    en: "one aggregate reads one list, not both {first} and {other}",
  },
  too_many_aggregates: {
    "zh-CN": "汇总太多：一个公式最多 {max} 个",
    en: "too many aggregates: at most {max} in one formula",
  },
  pattern_too_long: {
    "zh-CN": "模式太长：最多 {max} 个字符",
    en: "the pattern is too long: at most {max} characters",
  },
  pattern_too_large: {
    "zh-CN": "模式展开重复后太大（最多 {max} 步）",
    en: "the pattern is too large once its repetitions are expanded (at most {max} steps)",
  },
  pattern_syntax: {
    "zh-CN": "模式在“{near}”附近有语法错误；特殊字符请用 \\ 转义",
    en: "the pattern has a syntax error near “{near}”; escape special characters with \\",
  },
  pattern_unsupported: {
    "zh-CN": "模式不支持“{construct}”，请改用 [0-9] 这样的字符集",
    en: "patterns do not support “{construct}”; use a class such as [0-9] instead",
  },
  pattern_backreference: {
    "zh-CN": "模式不支持反向引用“{construct}”",
    en: "patterns do not support back-references such as “{construct}”",
  },
  pattern_nested_quantifier: {
    "zh-CN": "模式不能重复一个本身已在重复的部分（如 (a+)+），这会让匹配极慢",
    en: "a pattern cannot repeat a part that already repeats (such as (a+)+): matching could become extremely slow",
  },
  pattern_repeat_bound: { "zh-CN": "重复次数最多为 {max}", en: "a repetition count can be at most {max}" },
  pattern_bad_range: {
    "zh-CN": "字符范围 {from}-{to} 的顺序颠倒了",
    en: "the range {from}-{to} is backwards",
  },
};

/** Names of types and type groups as they read inside a sentence. */
const TYPE_NAMES: Record<string, Translatable> = {
  number: { "zh-CN": "数字", en: "a number" },
  currency: { "zh-CN": "金额", en: "an amount of money" },
  percent: { "zh-CN": "百分比", en: "a percentage" },
  text: { "zh-CN": "文本", en: "text" },
  boolean: { "zh-CN": "是/否值", en: "a true/false value" },
  date: { "zh-CN": "日期", en: "a date" },
  datetime: { "zh-CN": "日期时间", en: "a date and time" },
  select: { "zh-CN": "单选项", en: "a select option" },
  multi_select: { "zh-CN": "多选项", en: "a multi-select value" },
  user: { "zh-CN": "人员", en: "a user" },
  null: { "zh-CN": "空值（BLANK）", en: "BLANK" },
  numeric: { "zh-CN": "数字", en: "a number" },
  textual: { "zh-CN": "文本", en: "text" },
  temporal: { "zh-CN": "日期或日期时间", en: "a date or a date and time" },
  orderable: { "zh-CN": "数字、文本或日期", en: "a number, text or a date" },
  scalar: { "zh-CN": "单个值", en: "a single value" },
};
const TYPE_PARAMS = new Set(["type", "other", "left", "right", "first", "actual", "expected"]);

export function describeFormulaType(type: string, locale: Locale): string {
  return TYPE_NAMES[type]?.[locale] ?? type;
}

/** The message without its position, e.g. "文本不能与数字相加". */
export function formulaErrorMessage(error: FormulaError, locale: Locale): string {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error.params)) {
    params[key] =
      TYPE_PARAMS.has(key) && typeof value === "string" ? describeFormulaType(value, locale) : value;
  }
  return interpolate(FORMULA_ERROR_MESSAGES[error.code][locale], params);
}

/**
 * The message with its position, in the reader's language.
 * @example formatFormulaError(error, "zh-CN") // "第 1 行第 8 列：文本不能与数字相加"
 */
export function formatFormulaError(error: FormulaError, locale: Locale): string {
  const { line, column } = error.span.start;
  const where = locale === "zh-CN" ? `第 ${line} 行第 ${column} 列：` : `Line ${line}, column ${column}: `;
  return where + formulaErrorMessage(error, locale);
}

/** As an entry of problem+json `errors`, already translated into every language. */
export function formulaErrorToFieldIssue(error: FormulaError, field: string): FieldIssue {
  const message = Object.fromEntries(LOCALES.map((locale) => [locale, formatFormulaError(error, locale)]));
  return {
    field,
    code: `formula_${error.code}`,
    params: { ...error.params, line: error.span.start.line, column: error.span.start.column },
    message: message as Translatable,
  };
}
