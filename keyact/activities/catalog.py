"""The standard activity types of METHOD.md §2, bilingual, installed into every organisation."""

from __future__ import annotations

from typing import NamedTuple


class StandardType(NamedTuple):
    """One catalog entry: code, English and Chinese names, counterpart, Bootstrap icon."""

    code: str
    name_en: str
    name_zh: str
    counterpart: str
    icon: str


STANDARD_ACTIVITY_TYPES: tuple[StandardType, ...] = (
    # With the customer (about 90% of all activities).
    StandardType(
        "communication", "Communication (call / message)", "沟通", "customer", "chat-dots"
    ),
    StandardType("visit", "Customer visit", "拜访", "customer", "geo-alt"),
    StandardType("appointment", "Appointment", "约见", "customer", "calendar-event"),
    StandardType("negotiation", "Negotiation", "谈判", "customer", "people"),
    StandardType("product_demo", "Product demo", "演示产品", "customer", "easel"),
    StandardType("bid", "Bid / tender", "投标", "customer", "file-earmark-text"),
    StandardType(
        "reference_visit", "Reference customer visit", "参观样板用户", "customer", "building"
    ),
    # The invitation that precedes a reference visit: the first stage of the article's example.
    StandardType(
        "reference_invite",
        "Invitation to a reference visit",
        "邀请参观样板用户",
        "customer",
        "envelope-paper",
    ),
    # With the manager.
    StandardType("team_meeting", "Regular team meeting", "例会", "manager", "people-fill"),
    StandardType("coaching", "Sales coaching", "销售辅导", "manager", "mortarboard"),
    StandardType(
        "review_check", "Review / supervision check", "沟通监督检查", "manager", "clipboard-check"
    ),
    # With supporters.
    StandardType(
        "presales_consult",
        "Work with presales consultant",
        "与授权顾问协作",
        "supporter",
        "person-gear",
    ),
    StandardType("legal_review", "Legal review", "法务协作", "supporter", "shield-check"),
    StandardType("delivery_handover", "Delivery handover", "交付协作", "supporter", "box-seam"),
    # By oneself.
    StandardType("self_review", "Self-review after a visit", "自我总结", "self", "journal-text"),
)
