/** Formula fields in the field editor (zh-CN is the shape; en must match). */
export const formulasZhCN = {
  expression: "公式",
  expressionHelp: '例如 amount * (1 - discount / 100)、DATEDIF(TODAY(), close_date, "day")',
  stored: "保存结果并在每次写入时更新（筛选和排序更快）",
  storedHelp:
    "结果保存在一列中，它读取的记录每次保存时重新计算，大列表按它筛选、排序更快，也可以建立索引。含 TODAY()/NOW()、按读者统计的汇总或多对多列表的公式不能保存。",
  indexedHelp: "只有保存的公式可以建立索引",
};

export const formulasEn: typeof formulasZhCN = {
  expression: "Formula",
  expressionHelp: 'For example amount * (1 - discount / 100) or DATEDIF(TODAY(), close_date, "day")',
  stored: "Store and keep current on every write (faster filters and sorts)",
  storedHelp:
    "The result is kept in a column and recomputed whenever a record it reads is saved, so large lists filter and sort by it fast, and it can be indexed. Formulas with TODAY()/NOW(), rollups counted per reader or many-to-many lists cannot be stored.",
  indexedHelp: "Only a stored formula can be indexed",
};
