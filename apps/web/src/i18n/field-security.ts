/** Field-level security notes in the designer (zh-CN is the shape; en must match). */
export const fieldSecurityZhCN = {
  rulesTitle: "校验规则和公式以完整权限运行",
  rulesNote:
    "校验规则和公式能读到对保存人隐藏的字段。规则的提示信息不能透露隐藏的值：例如不要写“利润率不能低于 15%”，而写“价格需要审批，请联系主管”。",
};

export const fieldSecurityEn: typeof fieldSecurityZhCN = {
  rulesTitle: "Validation rules and formulas run with full rights",
  rulesNote:
    "Validation rules and formulas can read fields hidden from the person saving. A rule's message must not reveal hidden values: instead of “Margin may not fall below 15%”, write “This price needs approval; ask your manager”.",
};
