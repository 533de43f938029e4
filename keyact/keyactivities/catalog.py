# ruff: noqa: RUF001
"""Bilingual catalog data: the four lenses explained, innovation inspirations from the article,
and the worked example *invite customers to visit a reference customer* as a template."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class Text(NamedTuple):
    """A text in English and Simplified Chinese."""

    en: str
    zh: str

    def pick(self, language: str) -> str:
        """The text in ``language`` (a Django language code)."""
        return self.zh if language.startswith("zh") else self.en


LENS_EXPLANATIONS: dict[str, Text] = {
    "key_steps": Text(
        "Key steps (把握关键): which steps of your sales processes matter most for the goal? "
        "The critical steps of the processes you use are suggested here.",
        "把握关键：从工作流程出发，分析哪些环节对实现目标最为关键。"
        "这里会根据贵公司所用流程的关键步骤自动给出建议。",
    ),
    "benchmark": Text(
        "Benchmark (对照标杆): what do the best sellers, inside or outside the company, do "
        "that works? Record the practice and the evidence you have for it.",
        "对照标杆：组织内外实现此类目标的最佳实践有哪些？定期提炼顶尖销售的经验，"
        "记录其做法和依据。",
    ),
    "obstacles": Text(
        "Obstacles (突破障碍): what blocks the team? E.g. every demo fails, or customers go "
        "silent after the quote. Name the obstacle and what would break through it.",
        "突破障碍：阻碍团队实现关键目标的障碍有哪些？比如演示环节每次都失败，"
        "或者一报价便没有了下文。写下障碍和突破它的行动。",
    ),
    "innovation": Text(
        "Innovation (寻求创新): is there a new, better way that creates extra value for the "
        "customer? Start from an inspiration below or enter your own idea.",
        "寻求创新：为了实现目标，有没有更新更好的方法，为客户创造额外价值？"
        "可以从下面的启发开始，也可以输入自己的想法。",
    ),
}


class Inspiration(NamedTuple):
    """An innovation example from the article, offered as a starting point."""

    code: str
    title: Text
    rationale: Text


INSPIRATIONS: tuple[Inspiration, ...] = (
    Inspiration(
        "hotpot_rnd",
        Text(
            "Help restaurants improve their dish R&D process",
            "帮助饭店改善菜品研发流程",
        ),
        Text(
            "A hot-pot base maker helps the restaurants it supplies improve their R&D process: "
            "the supplier designs the customer's process and creates value beyond the product.",
            "一家火锅底料公司帮助饭店做研发流程改善：供应商为客户设计流程，创造产品之外的价值。",
        ),
    ),
    Inspiration(
        "rice_kitchen",
        Text(
            "Help restaurants build their kitchen management",
            "帮助饭店建立厨房管理流程",
        ),
        Text(
            "A seller of Wuchang rice helps restaurants set up kitchen management: "
            "improving the customer's own process wins loyalty that price alone cannot.",
            "卖五常大米的企业帮饭店建立厨房管理流程：改善客户自己的流程，赢得单靠价格得不到的忠诚。",
        ),
    ),
)


class TemplateStage(NamedTuple):
    """A stage of the template's staged standard."""

    name: Text
    type_codes: tuple[str, ...]  # the first code the organisation has is used
    quantity: int


class TemplateTool(NamedTuple):
    """A tool or resource of the template."""

    kind: str
    name: Text
    provided_by: str
    amount: Decimal | None = None


class TemplateTraining(NamedTuple):
    """A training item of the template."""

    title: Text
    material: Text


class KeyActivityTemplate(NamedTuple):
    """A key activity any organisation can start from."""

    code: str
    name: Text
    purpose: Text
    type_codes: tuple[str, ...]
    stages: tuple[TemplateStage, ...]
    guide: tuple[Text, ...]
    checklist: tuple[int, ...]  # indexes into ``guide`` required by the checklist standard
    training: tuple[TemplateTraining, ...]
    tools: tuple[TemplateTool, ...]
    period: str = "month"
    tracking_frequency: str = "weekly"
    review_day: int = 4


REFERENCE_VISIT = KeyActivityTemplate(
    code="reference_visit",
    name=Text("Invite customers to visit a reference customer", "邀请客户参观样板用户"),
    purpose=Text(
        "A satisfied customer convinces better than any presentation. Invite prospects to see a "
        "reference customer at work, so they hear from a peer what the product does.",
        "满意的客户比任何演示都更有说服力。邀请潜在客户参观样板用户，让他们从同行那里"
        "亲耳听到产品的价值。",
    ),
    type_codes=("reference_invite", "reference_visit"),
    stages=(
        TemplateStage(
            Text("Invitations sent", "发出邀请"),
            ("reference_invite", "communication", "appointment"),
            10,
        ),
        TemplateStage(Text("Customers who visited", "成功参观"), ("reference_visit",), 5),
    ),
    guide=(
        Text("Send the invitation to the customer.", "向客户发出邀请。"),
        Text(
            "Once the customer accepts, confirm the time, the attendees and the customer's "
            "concerns.",
            "客户答应后，确定时间、人员和客户关注点。",
        ),
        Text("Set the visit content and the reception.", "确定参观内容、接待内容。"),
        Text(
            "After the visit, confirm the customer's impression and remedy any shortfall promptly.",
            "参观后向客户确认对参观的感受，及时弥补不足。",
        ),
    ),
    checklist=(1, 3),
    training=(
        TemplateTraining(
            Text("How to design an invitation", "如何设计邀请"),
            Text(
                "Whom to invite, why this reference customer fits their situation, what they "
                "will see and whom they will meet; practise the invitation in a role play.",
                "邀请谁、为什么这个样板用户适合对方的情况、对方将看到什么、见到谁；"
                "通过角色扮演练习发出邀请。",
            ),
        ),
    ),
    tools=(
        TemplateTool(
            "support",
            Text(
                "Other departments persuade the reference customer to host the visit",
                "公司相关部门协助样板客户准许参观",
            ),
            "Customer service / 客户服务部",
        ),
        TemplateTool(
            "budget",
            Text("Gifts for the visiting customers", "给参观客户的礼品"),
            "Marketing / 市场部",
            Decimal("300.00"),
        ),
        TemplateTool(
            "template",
            Text("Visit report template", "参观报告模板"),
            "Sales operations / 销售运营",
        ),
    ),
)

TEMPLATES: dict[str, KeyActivityTemplate] = {REFERENCE_VISIT.code: REFERENCE_VISIT}
