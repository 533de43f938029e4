# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""Word lists for the demo organisation: people, companies, cities, subjects and commitments.

Plain data, bilingual where users read it. Everything random is drawn from these lists by the
generator with a seeded ``random.Random``, so the same seed always yields the same names.
"""

from __future__ import annotations

from typing import NamedTuple


class Person(NamedTuple):
    """A name as shown in the UI, and the ASCII base of a username."""

    display: str
    login: str


# The named people of the demo story (the four documented logins among them).
DIRECTOR = Person("陈刚 (Chen Gang)", "director")
MANAGERS = (Person("张敏 (Zhang Min)", "manager"), Person("刘洋 (Liu Yang)", "manager2"))
REP_ONE = Person("王伟 (Wang Wei)", "rep")
ADMIN = Person("系统管理员 (Admin)", "admin")
SUPPORTERS = (
    (Person("孙丽 (Sun Li)", "presales"), ("售前顾问", "Presales consultant")),
    (Person("Olivia Zhao 赵欣", "legal"), ("法务", "Legal counsel")),
)

CN_SURNAMES = (
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("罗", "luo"),
    ("高", "gao"),
)
CN_GIVEN = (
    ("娜", "na"),
    ("静", "jing"),
    ("磊", "lei"),
    ("强", "qiang"),
    ("军", "jun"),
    ("芳", "fang"),
    ("洁", "jie"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("婷", "ting"),
    ("浩然", "haoran"),
    ("子涵", "zihan"),
    ("雨桐", "yutong"),
    ("俊杰", "junjie"),
    ("欣怡", "xinyi"),
)
EN_GIVEN = (
    "Emma",
    "Leo",
    "Grace",
    "Kevin",
    "Lily",
    "Jason",
    "Amy",
    "Eric",
    "Sophie",
    "Daniel",
    "Cindy",
    "Frank",
    "Helen",
    "Tony",
    "Vivian",
    "Peter",
    "Iris",
    "Michael",
    "Nina",
    "Ryan",
)

CITIES = (
    # name_zh, name_en, latitude, longitude
    ("上海", "Shanghai", 31.2304, 121.4737),
    ("杭州", "Hangzhou", 30.2741, 120.1551),
    ("苏州", "Suzhou", 31.2989, 120.5853),
    ("南京", "Nanjing", 32.0603, 118.7969),
    ("北京", "Beijing", 39.9042, 116.4074),
    ("天津", "Tianjin", 39.3434, 117.3616),
    ("深圳", "Shenzhen", 22.5431, 114.0579),
    ("广州", "Guangzhou", 23.1291, 113.2644),
    ("成都", "Chengdu", 30.5728, 104.0668),
    ("武汉", "Wuhan", 30.5928, 114.3055),
)

# industry (bilingual label), Chinese name stems, English name stems
INDUSTRIES = (
    (
        "制造 Manufacturing",
        ("精工", "恒力", "远景", "华锐", "凯达"),
        ("Precision", "Apex", "Vista"),
    ),
    ("物流 Logistics", ("顺通", "速达", "远航", "捷运"), ("Swift", "Harbor", "Blue Ocean")),
    ("零售 Retail", ("优品", "百佳", "鲜丰", "惠民"), ("Everyday", "Fresh Lane", "Urban")),
    ("医疗 Healthcare", ("康泰", "仁和", "瑞康"), ("CarePoint", "Medix", "Helix")),
    ("金融 Finance", ("鼎信", "汇通", "融达"), ("Summit", "Crest", "Northstar")),
    ("教育 Education", ("启明", "博学", "育英"), ("Bright Path", "Scholar", "Learnwell")),
    ("餐饮 Food service", ("味千", "蜀香", "江南春"), ("Golden Spoon", "Tasty", "Red Lantern")),
    ("能源 Energy", ("国能", "光伏", "清源"), ("Sunrise", "Greenfield", "Voltage")),
    ("软件 Software", ("云智", "数联", "易达"), ("Cloudbridge", "Datapeak", "Nimbus")),
    ("建筑 Construction", ("华建", "中筑", "宏基"), ("Keystone", "Pillar", "Skyline")),
)
# Trade-name prefixes that tell apart two firms built from the same stem (first one: none).
NAME_PREFIXES = (
    ("", ""),
    ("新", "New "),
    ("华", "Pacific "),
    ("恒", "United "),
    ("瑞", "Royal "),
    ("金", "Golden "),
    ("宏", "Grand "),
    ("盛", "Prime "),
    ("鑫", "Star "),
    ("正", "True "),
)
CN_SUFFIX_BY_SIZE = ("科技有限公司", "股份有限公司", "集团有限公司")
EN_SUFFIX_BY_SIZE = ("Ltd", "Co., Ltd", "Group")

# Contact titles by buying role, Chinese and English (a Chinese firm's card may say CEO or CFO).
CONTACT_TITLES = {
    "economic": (("总经理", "财务总监", "副总裁", "CEO"), ("General Manager", "CFO", "VP", "CEO")),
    "user": (
        ("运营经理", "销售总监", "部门经理", "运营总监"),
        ("Operations Manager", "Sales Director", "Department Manager", "Head of Operations"),
    ),
    "technical": (
        ("IT经理", "技术总监", "采购经理", "采购主管"),
        ("IT Manager", "CTO", "Procurement Manager", "Procurement Lead"),
    ),
    "coach": (
        ("项目专员", "项目协调员", "总经理助理", "分析师"),
        ("Project Officer", "Project Coordinator", "Assistant to the GM", "Analyst"),
    ),
}

# Lead sources, Chinese and English; the last one is an existing customer.
SOURCES = (
    ("官网", "转介绍", "展会", "电话开发", "老客户"),
    ("Website", "Referral", "Trade fair", "Cold call", "Existing customer"),
)

PRODUCTS_SMALL = (
    ("财务软件标准版", "SaaS 入门版", "门店收银套件", "云备份 50", "小型设备"),
    (
        "Finance Software Standard",
        "SaaS Starter",
        "Store POS Kit",
        "Cloud Backup 50",
        "Compact unit",
    ),
)
PRODUCTS_LARGE = (
    ("ERP 实施项目", "智能工厂改造", "数据平台", "全国物流系统", "车队更新"),
    (
        "ERP rollout",
        "Smart factory upgrade",
        "Data Platform",
        "Nationwide logistics",
        "Fleet Renewal",
    ),
)
# What a deal is, by sales mode: Chinese and English.
DEAL_LABELS = {
    "small_order": ("新客户", "new customer"),
    "small_customer": ("复购", "repeat order"),
    "large_order": ("新项目", "new project"),
    "large_account": ("大客户", "key account"),
}

# Subjects by activity type code, Chinese and English variants.
SUBJECTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "communication": (
        ("电话跟进需求", "微信沟通报价细节", "确认下次拜访时间", "回复客户疑问"),
        (
            "Follow-up call",
            "Clarified pricing by e-mail",
            "Confirmed next meeting",
            "Answered questions",
        ),
    ),
    "visit": (
        ("上门拜访，了解现状", "拜访采购部", "拜访决策人", "现场调研"),
        ("On-site visit", "Met procurement", "Met the decision maker", "Site survey"),
    ),
    "appointment": (
        ("约见技术负责人", "约见财务总监"),
        ("Meeting with IT lead", "Meeting with CFO"),
    ),
    "negotiation": (
        ("商务谈判：价格与付款条件", "合同条款谈判"),
        ("Price negotiation", "Contract terms"),
    ),
    "product_demo": (("产品演示", "方案演示会"), ("Product demo", "Solution walkthrough")),
    "bid": (("提交投标文件", "投标答疑"), ("Tender submitted", "Tender Q&A")),
    "reference_visit": (
        ("陪同参观样板客户", "样板客户交流"),
        ("Reference site visit", "Reference call"),
    ),
    "team_meeting": (("周一销售例会", "团队例会"), ("Monday sales meeting", "Team meeting")),
    "coaching": (("拜访辅导", "谈判技巧辅导"), ("Ride-along coaching", "Negotiation coaching")),
    "review_check": (("月度机会检查", "拜访质量抽查"), ("Monthly pipeline review", "Visit check")),
    "presales_consult": (("与售前讨论方案", "准备演示环境"), ("Solution session", "Demo prep")),
    "legal_review": (("合同法务审核", "条款修改确认"), ("Contract review", "Clause redlines")),
    "delivery_handover": (("交付交接会", "实施启动会"), ("Delivery handover", "Kick-off")),
    "self_review": (("拜访后总结", "周总结"), ("Visit debrief", "Weekly self-review")),
}

COMMITMENTS = (
    (
        "客户同意下周安排技术交流会",
        "采购经理同意提供现有系统数据样本",
        "总经理同意参加产品演示",
        "客户同意月底前给出预算范围",
        "同意安排参观样板客户",
        "客户同意试用两周并反馈",
    ),
    (
        "CIO agreed to join a demo next week",
        "Procurement will share the current contract by Friday",
        "Agreed to a two-week pilot with feedback",
        "Budget range promised by month end",
        "Agreed to visit a reference customer",
        "Decision maker agreed to a workshop",
    ),
)

NOTES = (
    (
        "客户对价格敏感，需准备分期方案。",
        "竞争对手已报价，需强调服务优势。",
        "决策链较长，需尽快接触总经理。",
    ),
    (
        "Price sensitive: prepare an instalment plan.",
        "A competitor has quoted already: stress our service.",
        "Long decision chain: reach the general manager soon.",
    ),
)
CONFIRMED_BY = ("客户现场确认", "Confirmed on site")
