/** Word lists the demo company is made of: people, companies, products and what happens between them. */

const list = (words: string): readonly string[] => words.split(" ");

export const SURNAMES = list(
  "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 潘 袁 蒋 蔡 余 杜 叶 程 魏 苏 吕 丁 沈 任 姚 卢 姜 崔 钟",
);

export const GIVEN_NAMES = list(
  "伟 芳 娜 敏 静 磊 强 洋 艳 勇 军 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 建国 志强 海燕 晓东 文博 思远 雨桐 子涵 浩然 欣怡 俊杰 嘉怡 宇航 梦琪 国栋 玉兰 春华 立新 雪梅 振华 晓峰 丽娟 文静 鹏飞 佳琪 天宇 晨曦 凯 昊 琳 婷 斌 鑫 蕾 辉 宁 亮 倩",
);

export const COMPANY_WORDS = list(
  "恒瑞 精工 华信 远航 博雅 万通 恒泰 金桥 新锐 天成 海纳 鼎盛 宏达 正泰 永信 瑞丰 宇通 汇川 东升 凯达 德力 中科 华创 力拓 昌盛 隆基 通达 卓越 鑫源 明辉 盛世 嘉禾 长城 锦程 天马 创维 新思 奥特 贝特 同力 晶华 泰和",
);

/** What the customer makes, by industry: the middle of its name. */
export const INDUSTRY_WORDS: Readonly<Record<string, readonly string[]>> = {
  automotive: ["汽车零部件", "汽车配件", "传动系统", "车桥"],
  electronics: ["电子", "电子科技", "光电", "半导体设备"],
  medical: ["医疗器械", "医疗科技", "生物医疗"],
  machinery: ["精密机械", "机械制造", "数控设备", "自动化设备", "液压机械"],
  new_energy: ["新能源", "储能科技", "动力电池", "光伏设备"],
  aerospace: ["航空零部件", "航空科技", "精密航空"],
  other: ["工业", "实业", "智能装备"],
};

export const COMPANY_FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"];

/** Export customers, billed in US dollars: a name, what they make and their legal form. */
export const EXPORT_WORDS = list(
  "Kessler Northfield Valmont Sakura Baltic Hanse Pacific Lyon Nordic Ontario Milano Daewon Tatra Sydney Bangkok Porto",
);
export const EXPORT_KINDS = [
  "Precision",
  "Motion Systems",
  "Hydraulics",
  "Automation",
  "Drive Components",
  "Machinery",
  "Robotics",
  "Medical Devices",
];
export const EXPORT_FORMS = list("GmbH Inc. Ltd. LLC S.r.l. AB Oy");

export const EXPORT_NAMES = [
  "Michael Weber",
  "Sarah Johnson",
  "Kenji Tanaka",
  "Anna Lindqvist",
  "Carlos Mendes",
  "Laura Rossi",
  "David Kim",
  "Emma Schmidt",
  "Somchai Wong",
  "James Taylor",
  "Pierre Dubois",
  "Olga Novak",
];

export const STREETS = list(
  "星湖街 金鸡湖大道 长江路 人民路 工业大道 科技路 创业路 高新大道 滨江路 建设路 经济开发区纬二路 新区珠江路 华山路 民营科技园 机场路 开发区中心大道",
);

export const JOB_TITLES = [
  ["采购经理", "procurement"],
  ["采购专员", "procurement"],
  ["技术总监", "technical_evaluator"],
  ["质量经理", "technical_evaluator"],
  ["研发工程师", "technical_evaluator"],
  ["总经理", "key_decision_maker"],
  ["副总经理", "key_decision_maker"],
  ["生产经理", "user"],
  ["设备主管", "user"],
  ["财务经理", "influencer"],
  ["供应链总监", "influencer"],
] as const;

/** The parts the demo company makes: name, code prefix, specification, unit, CNY list price in cents. */
export const PRODUCTS = [
  ["精密齿轮轴", "GS", "Φ40×180 mm，20CrMnTi 渗碳淬火", "pcs", 8_650],
  ["行星减速机齿圈", "PR", "模数 2，齿数 96，42CrMo", "pcs", 42_000],
  ["液压阀块", "HV", "6061-T6，通径 10 mm，耐压 31.5 MPa", "pcs", 128_000],
  ["精密轴承座", "BS", "HT250，内孔公差 H7", "pcs", 18_600],
  ["伺服电机法兰", "SF", "铝合金压铸 + CNC 精加工", "pcs", 6_300],
  ["直线导轨滑块", "LG", "HGH25CA，预压 Z0", "pcs", 23_500],
  ["滚珠丝杠副", "BL", "Φ25 导程 10，C5 级", "set", 156_000],
  ["电池包结构件", "BP", "6063 型材，焊接 + 阳极氧化", "set", 98_000],
  ["医疗器械精密件", "MD", "316L 不锈钢，Ra 0.4", "pcs", 32_000],
  ["航空紧固件", "AF", "TC4 钛合金，NAS 标准", "pcs", 4_800],
  ["涡轮增压器壳体", "TH", "耐热铸钢，五轴加工", "pcs", 86_000],
  ["传动花键轴", "SP", "渐开线花键，感应淬火", "pcs", 12_800],
  ["精密冲压件", "ST", "SPCC 1.2 mm，级进模", "pcs", 350],
  ["机器人关节壳体", "RJ", "ZL101A 铸铝，T6", "pcs", 54_000],
  ["光伏支架连接件", "PV", "Q355 热镀锌", "pcs", 1_200],
  ["非标定制加工", "NS", "按图纸加工，首件检验", "pcs", 25_000],
] as const;

export const PRODUCT_VARIANTS = ["A", "B", "C"];

export const OPPORTUNITY_TOPICS = list(
  "年度供货 新车型配套 样件开发 产线扩产 备件框架 国产化替代 二期项目 试产订单 年度降本 新品导入 出口订单 设备改造",
);

export const ACTIVITY_SUBJECTS: Readonly<Record<"call" | "visit" | "meeting" | "note", readonly string[]>> = {
  call: [
    "电话沟通交期",
    "确认样品测试结果",
    "跟进报价反馈",
    "电话确认付款安排",
    "回访使用情况",
    "约下周拜访",
  ],
  visit: ["上门拜访采购部", "现场技术交流", "产线审核陪同", "季度客户拜访", "送样并现场讲解"],
  meeting: ["技术方案评审会", "商务谈判会议", "项目启动会", "年度合作回顾", "质量问题 8D 会议"],
  note: ["客户预算已批复", "竞品报价低 8%", "关键决策人变更", "客户计划扩产", "付款流程需走 OA 审批"],
};

export const TICKET_SUBJECTS: Readonly<Record<string, readonly string[]>> = {
  complaint: ["来料尺寸超差", "交期延误投诉", "表面划伤批量不良", "包装破损", "发票信息错误投诉"],
  repair: ["返修：螺纹损伤", "返修：热处理硬度不足", "返修：毛刺未清理"],
  installation: ["现场安装指导", "新产线装配支持"],
  consultation: ["材料证明咨询", "图纸公差确认", "RoHS 报告索取"],
  return: ["批次退货处理", "错发型号退换"],
  other: ["年度质量协议更新", "供应商审核资料"],
};

export const TASK_SUBJECTS = list(
  "发送报价单 准备样品 跟进合同盖章 催收回款 回访客户 整理技术需求 安排现场拜访 更新客户资料 提交特价申请 确认交货计划 寄送发票 准备季度业务回顾",
);

export const LEAD_REQUIREMENTS = [
  "年需求约 20 万件齿轮轴，要求 IATF 16949",
  "寻找液压阀块国产替代供应商",
  "新项目需要小批量打样，两周内报价",
  "展会上咨询直线导轨滑块价格",
  "希望提供 PPAP 资料",
  "官网留言：询问非标加工能力",
];

/** Telephone area codes of the customers' cities. */
export const AREA_CODES: Readonly<Record<string, string>> = {
  苏州: "0512",
  昆山: "0512",
  无锡: "0510",
  常州: "0519",
  南京: "025",
  南通: "0513",
  上海: "021",
  杭州: "0571",
  宁波: "0574",
  嘉兴: "0573",
  深圳: "0755",
  东莞: "0769",
  广州: "020",
  佛山: "0757",
  中山: "0760",
  珠海: "0756",
  惠州: "0752",
  厦门: "0592",
  北京: "010",
  天津: "022",
  青岛: "0532",
  济南: "0531",
  烟台: "0535",
  石家庄: "0311",
  唐山: "0315",
  成都: "028",
  绵阳: "0816",
  德阳: "0838",
  重庆: "023",
  西安: "029",
  宝鸡: "0917",
};
