# ruff: noqa: RUF001  (Chinese catalog text uses full-width punctuation on purpose)
"""The five standard sales processes of METHOD.md §4 as bilingual catalog data.

``playbook_install`` copies this catalog into each organisation, where admins edit it. Activity
entries may name the code of a standard activity type (keyact.activities.catalog) they map to.
"""

from __future__ import annotations

from typing import NamedTuple


class CatalogActivity(NamedTuple):
    """A standard activity of a step; ``type_code`` maps it to a standard activity type."""

    name_en: str
    name_zh: str
    type_code: str = ""


class CatalogStep(NamedTuple):
    """An ordered step of a process, what it is for, and its standard activities."""

    code: str
    name_en: str
    name_zh: str
    purpose_en: str
    purpose_zh: str
    critical: bool
    activities: tuple[CatalogActivity, ...]


class CatalogProcess(NamedTuple):
    """One of the five standard processes, the modes it fits and what management watches."""

    code: str
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    methodology_en: str
    methodology_zh: str
    modes: tuple[str, ...]
    focus_en: str
    focus_zh: str
    steps: tuple[CatalogStep, ...]


A = CatalogActivity

CUSTOMER_VISIT = CatalogProcess(
    code="customer_visit",
    name_en="Customer visit",
    name_zh="客户拜访",
    description_en=(
        "The most frequent process: how a single visit is planned, run and closed with a "
        "commitment. Customer visits are about doing things right."
    ),
    description_zh=(
        "销售使用最频繁的流程：如何计划、执行一次拜访并以承诺收尾。客户拜访讲究的是如何把事情做对。"
    ),
    methodology_en=(
        "Conceptual Selling (Miller Heiman): every visit gets information, gives information and "
        "gets a commitment. A commitment is a promise by the customer to act by a date. Before the "
        "visit set two levels: the Best Action Commitment (the most you can realistically get) "
        "and the Minimum Acceptable Action (the least that still moves the sale forward). A visit "
        "succeeds when its result reaches at least the minimum acceptable action. SPIN call "
        "outcomes: Order, Advance, Continuation, No-sale; only Order and Advance are successes."
    ),
    methodology_zh=(
        "概念销售（Miller Heiman）：每次拜访都要获取信息、给予信息并获得承诺。"
        "承诺是客户在某个日期前采取行动的约定。拜访前设定两个层次：最佳行动承诺（现实中能争取到的最多）和最低可接受行动"
        "（仍能推进销售的最少）。拜访结果至少达到最低可接受行动即为成功。SPIN 拜访结果分为：成交、"
        "推进、延续、未成交；只有成交和推进算成功。"
    ),
    modes=("large_order",),
    focus_en="Communication quality of each visit",
    focus_zh="关注沟通质量",
    steps=(
        CatalogStep(
            "plan",
            "Plan the visit",
            "制作拜访计划",
            "Decide whom to meet, why now, and what you already know about them.",
            "确定拜访谁、为什么现在拜访、已经掌握了哪些信息。",
            False,
            (
                A("Write the visit plan", "制作拜访计划"),
                A("Book the appointment", "约见客户", "appointment"),
            ),
        ),
        CatalogStep(
            "objective",
            "Design the commitment objective",
            "设计承诺目标",
            "Set the best action commitment and the minimum acceptable action before you go.",
            "出发前设定最佳行动承诺和最低可接受行动。",
            False,
            (A("Set best and minimum commitments", "设定最佳承诺与最低可接受行动"),),
        ),
        CatalogStep(
            "trust",
            "Build trust",
            "建立信任关系",
            "Open the meeting so the customer is willing to talk openly.",
            "开场建立信任，让客户愿意坦诚交流。",
            False,
            (A("Visit the customer", "拜访客户", "visit"),),
        ),
        CatalogStep(
            "get_information",
            "Get information",
            "获取信息",
            "Ask questions to learn the customer's situation, problems and idea of a solution.",
            "通过提问了解客户的现状、问题以及对解决方案的设想。",
            True,
            (A("Ask situation and problem questions", "提问了解现状与问题"),),
        ),
        CatalogStep(
            "give_information",
            "Give information / build advantage",
            "建立优势",
            "Connect what you offer to what the customer said matters, better than the rivals.",
            "把我们的方案与客户关心的问题联系起来，建立相对竞争对手的优势。",
            True,
            (
                A("Product demo", "演示产品", "product_demo"),
                A("Reference customer visit", "参观样板用户", "reference_visit"),
            ),
        ),
        CatalogStep(
            "get_commitment",
            "Get commitment",
            "获取承诺",
            "Ask for a concrete action by a date; compare it with your two commitment levels.",
            "请客户承诺在某日期前采取具体行动，并与预设的两个承诺层次对照。",
            True,
            (
                A("Ask for the commitment", "请求承诺"),
                A("Self-review after the visit", "拜访后自我总结", "self_review"),
            ),
        ),
    ),
)

STRATEGIC_SELLING = CatalogProcess(
    code="strategic_selling",
    name_en="Strategic selling",
    name_zh="策略销售",
    description_en=(
        "For large orders: large amounts, many decision makers, long cycles and frequent "
        "changes. If a visit is about doing things right, strategic selling is about doing the "
        "right things."
    ),
    description_zh=(
        "适用于大订单：金额大、决策人多、周期长、变化多。如果说客户拜访讲究如何把事情做对，"
        "策略销售就是如何做对的事情。"
    ),
    methodology_en=(
        "Strategic Selling (Miller Heiman). Map the buying influences of each large deal: the "
        "economic buyer (gives final approval), user buyers (use the solution), technical buyers "
        "(screen it against specifications) and a coach (guides you through the sale). Each has "
        "a response mode: growth or trouble (receptive: they see a gap they want closed), even "
        "keel or overconfident (not receptive: they see no reason to change). Red flags mark "
        "missing information or risk: no economic buyer identified, no coach, an influence not "
        "covered by anyone of ours, an influence in even keel or overconfident mode. Weigh red "
        "flags against strengths to decide go or no-go, then leverage strengths against weaknesses."
    ),
    methodology_zh=(
        "策略销售（Miller Heiman）。为每个大订单梳理采购影响者：经济决策者（最终批准）、使用者"
        "（使用方案）、技术把关者（按规格筛选）和教练（指导你推进销售）。每个人都有反应模式：成长或"
        "困境（愿意接受：看到想弥补的差距），平稳或过度自信（不愿接受：看不到改变的理由）。红旗标记"
        "信息缺失或风险：未识别经济决策者、没有教练、有影响者无人覆盖、有影响者处于平稳或过度自信"
        "模式。对照红旗和优势决定做还是不做，再以优制劣制定策略。"
    ),
    modes=("large_order",),
    focus_en="Process control of each large deal",
    focus_zh="加强过程控制",
    steps=(
        CatalogStep(
            "gather_information",
            "Gather information",
            "搜集信息",
            "Timing, the customer, the competition, each influence's response mode and interests.",
            "时间、客户、竞争关系、反应模式、利益等。",
            True,
            (
                A("Map the buying influences", "梳理采购影响者"),
                A("Work with presales consultant", "与授权顾问协作", "presales_consult"),
            ),
        ),
        CatalogStep(
            "assess",
            "Assess the order",
            "评估订单",
            "Weigh risks (red flags) against strengths and decide go or no-go.",
            "评估订单的风险（红旗）和优势，确定做还是不做。",
            True,
            (A("Go / no-go review", "做或不做评估", "review_check"),),
        ),
        CatalogStep(
            "strategy",
            "Build the strategy",
            "制定策略",
            "If go: leverage strengths against weaknesses and turn it into an action plan.",
            "如果做，按以优制劣的原则设计销售策略，形成行动计划。",
            False,
            (
                A("Write the action plan", "制定行动计划"),
                A("Sales coaching", "销售辅导", "coaching"),
            ),
        ),
        CatalogStep(
            "execute",
            "Execute the strategy",
            "执行策略",
            "Carry out the action plan with owners and dates; review it as the deal changes.",
            "按行动计划（责任人和日期）执行，随订单变化定期复盘。",
            False,
            (
                A("Visit the influences", "拜访采购影响者", "visit"),
                A("Bid / tender", "投标", "bid"),
                A("Negotiation", "谈判", "negotiation"),
            ),
        ),
    ),
)

KEY_ACCOUNT = CatalogProcess(
    code="key_account",
    name_en="Key account management",
    name_zh="客户经营",
    description_en=(
        "For large existing accounts: deliver strategic solutions to many contacts at the "
        "customer, proactively and systematically, to win a significant share over time. It "
        "manages the future: a balance of goals, opportunities and resources."
    ),
    description_zh=(
        "主要针对大客户：自发地、系统地、主动地向客户多位联系人递交战略性解决方案，以期在一定时期内"
        "获得显著市场份额。本质上是对未来的管理，需要实现目标、机会与资源的平衡。"
    ),
    methodology_en=(
        "Large Account Management (LAMP, Miller Heiman's Gold Sheet). The account-management "
        "cycle: select the strategic accounts worth investing in, position the areas of "
        "cooperation agreed with the customer, plan sales and support, manage the support in "
        "those areas, and verify: close, review the account regularly and update the list of "
        "strategic accounts. Management watches the share of wallet."
    ),
    methodology_zh=(
        "大客户管理（LAMP，Miller Heiman 金表）。客户经营循环：选择值得投入的战略客户，定位与客户"
        "达成共识的合作领域，制定销售与支持计划，在确定的领域提供支持，检验：完成销售、定期检视客户"
        "并更新战略客户名单。管理上关注钱包份额。"
    ),
    modes=("large_account",),
    focus_en="Share of wallet",
    focus_zh="钱包份额分配",
    steps=(
        CatalogStep(
            "select",
            "Select",
            "选择",
            "Find the strategic accounts worth cultivating.",
            "找出要耕耘的战略客户。",
            True,
            (A("Choose target key accounts", "选择目标大客户"),),
        ),
        CatalogStep(
            "position",
            "Position",
            "定位",
            "Find the possible areas of cooperation and agree them with the customer.",
            "找出与战略客户可能的合作领域，并与客户达成共识。",
            True,
            (A("Define relationship levels", "定义关系层次"),),
        ),
        CatalogStep(
            "plan",
            "Plan",
            "计划",
            "Write the sales plan and the support plan.",
            "制定销售计划和支持计划。",
            False,
            (A("Account review", "审视客户", "review_check"),),
        ),
        CatalogStep(
            "manage",
            "Manage",
            "管理",
            "Support the customer in the agreed areas.",
            "在确定的领域为客户提供支持。",
            False,
            (
                A("Contact management", "客户接触管理", "visit"),
                A("Relationship management", "客户关系管理", "communication"),
            ),
        ),
        CatalogStep(
            "verify",
            "Verify",
            "检验",
            "Close, review the account regularly and update the strategic accounts.",
            "完成销售并定期检视客户，更新战略客户。",
            False,
            (A("Satisfaction management", "客户满意度管理"),),
        ),
    ),
)

CUSTOMER_DEVELOPMENT = CatalogProcess(
    code="customer_development",
    name_en="Customer development",
    name_zh="客户发展",
    description_en=(
        "For small orders: how reps spend their time across many potential customers. The goal is "
        "organisational efficiency rather than any single result."
    ),
    description_zh=(
        "主要针对小订单模式：如何把销售人员的时间分配到不同的客户身上，核心是组织效率而非单个结果。"
    ),
    methodology_en=(
        "Many small deals with new customers reward a well-run funnel: segment the market, choose "
        "how to reach each segment, generate leads, grade customers so the best get the most time, "
        "design short visits, handle the common objections and manage opportunities. Management "
        "watches lead generation."
    ),
    methodology_zh=(
        "大量面向新客户的小订单依赖高效的漏斗：细分市场、为每个细分设定接触路径、发现线索、对客户分级"
        "让最好的客户获得最多时间、设计简短的拜访、处理常见异议并管理机会。管理上侧重于发现线索。"
    ),
    modes=("small_order",),
    focus_en="Finding leads",
    focus_zh="发现线索",
    steps=(
        CatalogStep(
            "segment",
            "Segment the market",
            "细分总体市场",
            "Split the market into segments worth different effort.",
            "把总体市场细分为值得不同投入的细分市场。",
            False,
            (A("Segment the market", "细分总体市场"),),
        ),
        CatalogStep(
            "contact_paths",
            "Set contact paths",
            "设定接触路径",
            "Choose how each segment is reached: calls, visits, events, partners.",
            "为每个细分市场选择接触方式：电话、拜访、活动、渠道。",
            False,
            (A("Set contact paths", "设定接触路径", "communication"),),
        ),
        CatalogStep(
            "leads",
            "Find leads",
            "发现潜在线索",
            "Generate and qualify potential customers.",
            "发现并确认潜在客户。",
            True,
            (A("Find potential leads", "发现潜在线索", "communication"),),
        ),
        CatalogStep(
            "grade",
            "Grade customers",
            "客户分级",
            "Grade customers so the time goes where it pays.",
            "对客户分级，把时间投入到回报最高的地方。",
            False,
            (A("Grade customers", "客户分级"),),
        ),
        CatalogStep(
            "visit",
            "Design visits",
            "设计拜访",
            "Short, repeatable visits that move a small deal forward.",
            "设计简短、可复制、能推进小订单的拜访。",
            False,
            (A("Design the visit", "设计拜访", "visit"),),
        ),
        CatalogStep(
            "objections",
            "Handle objections",
            "异议处理",
            "Prepared answers to the objections customers raise most.",
            "为客户最常提出的异议准备好应对。",
            False,
            (A("Handle objections", "异议处理"),),
        ),
        CatalogStep(
            "opportunities",
            "Manage opportunities",
            "机会管理",
            "Move qualified opportunities through the pipeline to close.",
            "推动合格的机会在管道中前进直至成交。",
            False,
            (A("Manage opportunities", "机会管理", "negotiation"),),
        ),
    ),
)

CUSTOMER_SUCCESS = CatalogProcess(
    code="customer_success",
    name_en="Customer success",
    name_zh="客户成功",
    description_en=(
        "For small existing customers: many of them, buying repeatedly, small amounts each time. "
        "It keeps the important customers looked after so they buy again and renew."
    ),
    description_zh=(
        "为小客户模式量身定做：老客户众多、持续购买、单笔金额小，"
        "保证重要客户被关注，促进持续购买或续约。"
    ),
    methodology_en=(
        "Keep in regular contact, find new needs, make sure what was promised is delivered, grade "
        "customers, screen for churn signals and win back customers at risk. Management watches "
        "repeat purchase."
    ),
    methodology_zh=(
        "保持定期联系、发现新需求、确保承诺兑现、对客户分级、排查流失信号并挽留有风险的客户。"
        "管理上将持续购买作为关注重点。"
    ),
    modes=("small_customer",),
    focus_en="Repeat purchase",
    focus_zh="持续购买",
    steps=(
        CatalogStep(
            "contact",
            "Customer contact",
            "客户联系",
            "Stay in regular contact with every important customer.",
            "与每个重要客户保持定期联系。",
            False,
            (A("Customer contact", "客户联系", "communication"),),
        ),
        CatalogStep(
            "opportunities",
            "Find opportunities",
            "发现机会",
            "Spot new needs, upgrades and renewals.",
            "发现新需求、升级和续约机会。",
            True,
            (A("Find opportunities", "发现机会", "visit"),),
        ),
        CatalogStep(
            "commitments",
            "Ensure commitments",
            "确保承诺",
            "Make sure what was promised is delivered.",
            "确保对客户的承诺得到兑现。",
            False,
            (A("Delivery handover", "交付协作", "delivery_handover"),),
        ),
        CatalogStep(
            "grade",
            "Grade customers",
            "客户分级",
            "Grade customers so the important ones get attention.",
            "对客户分级，保证重要客户被关注。",
            False,
            (A("Grade customers", "客户分级"),),
        ),
        CatalogStep(
            "churn",
            "Churn screening",
            "流失排查",
            "Look for customers who stopped buying or show signs of leaving.",
            "排查停止购买或有流失迹象的客户。",
            True,
            (A("Churn screening", "流失排查"),),
        ),
        CatalogStep(
            "retention",
            "Retention",
            "客户挽留",
            "Win back customers at risk.",
            "挽留有流失风险的客户。",
            False,
            (A("Retention visit", "客户挽留", "visit"),),
        ),
    ),
)

PROCESSES: tuple[CatalogProcess, ...] = (
    CUSTOMER_VISIT,
    STRATEGIC_SELLING,
    KEY_ACCOUNT,
    CUSTOMER_DEVELOPMENT,
    CUSTOMER_SUCCESS,
)


def processes_for_modes(modes: list[str] | tuple[str, ...]) -> list[str]:
    """The process codes that fit the given sales modes (METHOD.md §4 table), catalog order."""
    wanted = set(modes)
    return [p.code for p in PROCESSES if wanted.intersection(p.modes)]
