import type { Translatable } from "../i18n/locale.ts";

/** Messages for field-level issue codes; `{param}` placeholders come from FieldIssue.params. */
export const FIELD_ISSUE_MESSAGES: Record<string, Translatable> = {
  required: { "zh-CN": "此项为必填项", en: "This field is required" },
  unknown_field: { "zh-CN": "没有名为 {name} 的字段", en: "There is no field named {name}" },
  invalid_type: { "zh-CN": "应为{expected}", en: "Must be {expected}" },
  too_long: { "zh-CN": "长度不能超过 {max} 个字符", en: "Must be at most {max} characters" },
  too_short: { "zh-CN": "长度不能少于 {min} 个字符", en: "Must be at least {min} characters" },
  too_many: { "zh-CN": "最多 {max} 项", en: "At most {max} items" },
  out_of_range: { "zh-CN": "超出允许范围", en: "Out of the allowed range" },
  invalid_format: { "zh-CN": "格式不正确（{format}）", en: "Invalid format ({format})" },
  invalid_option: { "zh-CN": "“{value}”不是可选项", en: "“{value}” is not one of the options" },
  invalid_reference: {
    "zh-CN": "引用的记录 {value} 不存在",
    en: "The referenced record {value} does not exist",
  },
  invalid_division: {
    "zh-CN": "所选的省、市、区县（或乡镇）不存在或彼此不相属，请重新选择",
    en: "This province, city and district (or town) do not exist or do not belong together; choose them again",
  },
  address_incomplete: {
    "zh-CN": "请选择省份；境外地址请选择国家或地区",
    en: "Choose a province, or for an address outside China, a country",
  },
  invalid_country: {
    "zh-CN": "“{value}”不是国家或地区代码（应为 JP、US 这样的两个字母）",
    en: "“{value}” is not a country code (two letters such as JP or US)",
  },
  address_overseas_division: {
    "zh-CN": "境外地址没有省、市、区县，请只填国家和地址行",
    en: "An address outside China has no province, city or district; give the country and the address lines",
  },
  address_lines_required: {
    "zh-CN": "境外地址请填写地址行",
    en: "An address outside China needs its address lines",
  },
  address_filter_china: {
    "zh-CN": "筛选中国境内的地址请选择省份",
    en: "To filter addresses in China, choose a province",
  },
  read_only: { "zh-CN": "此字段为只读", en: "This field is read-only" },
  system_field: { "zh-CN": "系统字段不能通过接口修改", en: "System fields cannot be set through the API" },
  not_unique: {
    "zh-CN": "值“{value}”已被其他记录使用",
    en: "The value “{value}” is already used by another record",
  },
  invalid_api_name: {
    "zh-CN": "须以小写字母开头，只含小写字母、数字和下划线，长度 2–40",
    en: "Must start with a lowercase letter and contain only a–z, 0–9 and _, 2–40 characters",
  },
  invalid_option_value: {
    "zh-CN": "选项值只能含字母、数字和下划线（1–60 个字符，按小写保存）",
    en: "An option value may contain only letters, digits and _ (1–60 characters, kept in lower case)",
  },
  reserved_name: { "zh-CN": "“{value}”是保留名称", en: "“{value}” is a reserved name" },
  duplicate_name: { "zh-CN": "名称“{value}”已存在", en: "The name “{value}” already exists" },
  invalid_characters: {
    "zh-CN": "含有无法保存的字符（空字符 U+0000 或不成对的代理项）",
    en: "Contains characters that cannot be stored (the NUL character U+0000 or an unpaired surrogate)",
  },
  invalid_email: {
    "zh-CN": "不是有效的邮箱地址（如 name@example.com；域名可以是中文，如 张三@例子.公司）",
    en: "Not a valid email address (like name@example.com; the domain may be non-Latin, like info@münchen.de)",
  },
  full_width_in_email: {
    "zh-CN": "邮箱中有全角字符“{char}”，请改用半角的 @ 或 .",
    en: "The address contains the full-width character “{char}”; type a plain @ or . instead",
  },
  invalid_value: { "zh-CN": "值不正确：{reason}", en: "Invalid value: {reason}" },
  unknown_operator: {
    "zh-CN": "字段不支持运算符 {operator}",
    en: "Operator {operator} is not supported for this field",
  },
  not_sortable: { "zh-CN": "此字段不能排序", en: "This field cannot be sorted" },
  unconvertible: {
    "zh-CN": "值“{value}”无法转换为{target}",
    en: "The value “{value}” cannot be converted to {target}",
  },
  duplicate_value: { "zh-CN": "值“{value}”重复", en: "The value “{value}” is duplicated" },
  formula_cycle: {
    "zh-CN": "公式字段不能相互引用：{path}",
    en: "Formula fields cannot refer to each other in a cycle: {path}",
  },
  formula_too_deep: {
    "zh-CN": "公式字段嵌套引用不能超过 {max} 层",
    en: "Formula fields can refer to other formula fields at most {max} levels deep",
  },
  not_groupable: {
    "zh-CN": "不能按字段 {name} 分组（可分组：选项、人员、部门、关联、文本、数字、日期）",
    en: "Cannot group by {name} (you can group by select, user, department, relation, text, number and date fields)",
  },
  bucket_required: {
    "zh-CN": "按日期分组需指定粒度：{buckets}",
    en: "Grouping by a date needs a bucket: {buckets}",
  },
  bucket_not_allowed: { "zh-CN": "只有日期字段可以指定粒度", en: "Only date fields take a bucket" },
  not_aggregatable: {
    "zh-CN": "字段 {name} 不能计算 {fn}",
    en: "{fn} cannot be computed on {name}",
  },
  field_not_allowed: { "zh-CN": "计数（count）不指定字段", en: "count takes no field" },
  invalid_alias: {
    "zh-CN": "名称须以小写字母开头，只含小写字母、数字和下划线（最多 63 个字符）",
    en: "A name must start with a lowercase letter and contain only a–z, 0–9 and _ (at most 63 characters)",
  },
  pipeline_not_an_option: {
    "zh-CN": "流程的 API 名称须是字段 {field} 的一个选项值",
    en: "A pipeline's API name must be an option value of field {field}",
  },
  pipeline_field_not_select: {
    "zh-CN": "字段 {name} 须为单选字段",
    en: "Field {name} must be a single select",
  },
  pipeline_fields_differ: {
    "zh-CN": "同一对象的流程须使用同一个阶段字段（{name}）",
    en: "All pipelines of an object use the same stage field ({name})",
  },
  pipeline_field_needed: {
    "zh-CN": "对象有多个流程时，须用同一个单选字段选择流程（{name}）",
    en: "With several pipelines, the same select field must choose each record's pipeline ({name})",
  },
  pipeline_needs_open_stage: {
    "zh-CN": "流程至少需要一个进行中的阶段",
    en: "A pipeline needs at least one open stage",
  },
  invalid_stage_kind: { "zh-CN": "阶段类型须为进行中、赢单或输单", en: "A stage is open, won or lost" },
  stage_cannot_require: {
    "zh-CN": "阶段不能要求字段 {name}（公式、自动编号、地址和多对多字段不行）",
    en: "A stage cannot require field {name} (not formulas, auto-numbers, addresses or many-to-many)",
  },
  stage_owner_not_user: { "zh-CN": "字段 {name} 不是用户字段", en: "Field {name} is not a user field" },
  unknown_role: { "zh-CN": "没有名为 {name} 的角色", en: "There is no role named {name}" },
  unknown_object: { "zh-CN": "没有名为 {name} 的对象", en: "There is no object named {name}" },
  overview_not_a_link: {
    "zh-CN": "字段 {name} 须是指向 {object} 的关联字段（多对一）",
    en: "Field {name} must be a relation to {object} (many to one)",
  },
  overview_not_a_date: {
    "zh-CN": "字段 {name} 须为日期或日期时间",
    en: "Field {name} must be a date or date-time",
  },
  conversion_unknown_target: {
    "zh-CN": "没有键为 {name} 的转换目标（只能链接到排在前面的目标）",
    en: "There is no conversion target {name} (links name targets listed before)",
  },
  conversion_match_unmapped: {
    "zh-CN": "用于查重的字段 {name} 须在映射中",
    en: "Duplicate matching uses field {name}, which must be mapped",
  },
  conversion_target_required: { "zh-CN": "这一项不能跳过", en: "This one cannot be skipped" },
  blank_value: { "zh-CN": "此记录的值为空", en: "This record has no value" },
  unknown_placeholder: {
    "zh-CN": "文本中的 {{{name}}} 不是此对象的字段",
    en: "{{{name}}} in the text is not a field of this object",
  },
  field_not_date: {
    "zh-CN": "字段 {name} 须为日期或日期时间",
    en: "Field {name} must be a date or date-time",
  },
  field_not_user: { "zh-CN": "字段 {name} 须为人员字段", en: "Field {name} must be a user field" },
  field_not_relation: { "zh-CN": "字段 {name} 须为关联字段", en: "Field {name} must be a relation" },
  field_not_email: { "zh-CN": "字段 {name} 须为邮箱字段", en: "Field {name} must be an email field" },
  relation_not_single: {
    "zh-CN": "字段 {name} 须关联到单条记录（不能是多对多）",
    en: "Field {name} must relate to one record (not many-to-many)",
  },
  automation_task_object: {
    "zh-CN": "创建任务需要对象 {object} 及其字段 {fields}（CRM 模板自带）",
    en: "Creating tasks needs object {object} with fields {fields} (the CRM template has them)",
  },
  invalid_cron: {
    "zh-CN": "不是有效的 cron 表达式（分 时 日 月 周，例如 0 9 * * 1）：{reason}",
    en: "Not a valid cron expression (minute hour day month weekday, e.g. 0 9 * * 1): {reason}",
  },
  stages_need_stage_measure: {
    "zh-CN": "只有“阶段未变化”的停滞可以限定阶段",
    en: "Only a no-stage-change stagnation can be limited to stages",
  },
  webhook_url_invalid: {
    "zh-CN": "须为 http:// 或 https:// 开头的完整地址，且不含用户名和密码",
    en: "Must be a full http:// or https:// address without a user name or password",
  },
  webhook_address_refused: {
    "zh-CN":
      "不能调用 {host}：它属于内网、回环、链路本地或保留地址段 {range}；管理员可在 KEDUO_WEBHOOK_ALLOW_HOSTS 中放行该主机",
    en: "{host} cannot be called: it is in {range}, a private, loopback, link-local or reserved range; an administrator can allow the host in KEDUO_WEBHOOK_ALLOW_HOSTS",
  },
  webhook_secret_invalid: {
    "zh-CN": "签名密钥须为 whsec_ 加 Base64（24–64 字节）；留空则自动生成",
    en: "The signing secret must be whsec_ followed by Base64 (24–64 bytes); leave it out to have one generated",
  },
  script_compile_error: {
    "zh-CN": "脚本无法编译（第 {line} 行）：{message}",
    en: "The script does not compile (line {line}): {message}",
  },
};
