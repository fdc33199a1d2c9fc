/** Formula fields in the field editor (zh-CN is the shape; en must match). */
export const formulasZhCN = {
  expression: "公式",
  expressionHelp: '例如 amount * (1 - discount / 100)、DATEDIF(TODAY(), close_date, "day")',
  stored: "保存结果并在每次写入时更新（筛选和排序更快）",
  storedHelp:
    "结果保存在一列中，它读取的记录每次保存时重新计算，大列表按它筛选、排序更快，也可以建立索引。含 TODAY()/NOW() 或多对多列表的公式不能保存；汇总只有统计全部记录时才能保存。查看者无权打开其引用的记录时，仍在读取时按其权限计算。",
  indexedHelp: "只有保存的公式可以建立索引",
  rollupAs: "汇总统计哪些记录",
  rollupAsReader: "仅查看者有权打开的记录（默认）",
  rollupAsSystem: "全部记录（按系统统计）",
  rollupAsReaderHelp:
    "适用于对相关列表的汇总（SUM、COUNT 等）：每个人看到的合计只包含自己有权打开的记录，因此不同的人可能看到不同的数字。引用字段（如 customer.name）始终只显示查看者有权打开的记录。",
  rollupAsSystemHelp:
    "每个人看到的合计都包含他们无权打开的记录：所有人看到同一个数字，但它会透露这些记录的存在和数值。只在这些合计可以对所有能看到本字段的人公开时选择。",
};

export const formulasEn: typeof formulasZhCN = {
  expression: "Formula",
  expressionHelp: 'For example amount * (1 - discount / 100) or DATEDIF(TODAY(), close_date, "day")',
  stored: "Store and keep current on every write (faster filters and sorts)",
  storedHelp:
    "The result is kept in a column and recomputed whenever a record it reads is saved, so large lists filter and sort by it fast, and it can be indexed. Formulas with TODAY()/NOW() or many-to-many lists cannot be stored; a rollup can be stored only when it counts all records. A reader who may not open a record it looks up still gets it computed with their rights.",
  indexedHelp: "Only a stored formula can be indexed",
  rollupAs: "Rollups count",
  rollupAsReader: "Only records the reader may open (default)",
  rollupAsSystem: "All records (as the system)",
  rollupAsReaderHelp:
    "For rollups over related lists (SUM, COUNT…): each person's total includes only the records they may open, so two people may see different numbers. Lookups (such as customer.name) always show only records the reader may open.",
  rollupAsSystemHelp:
    "Everyone sees totals that include records they cannot open: one number for all, but it reveals that those records exist and what they hold. Choose this only when the totals may be shown to everyone who can see this field.",
};
