"""The standard activity types of METHOD.md §2, bilingual, installed into every organisation."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


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


# The icons an administrator picks from for a new activity type (Bootstrap icons shipped with
# the npm package), each with what it suggests; the standard types' icons come first.
ICON_PALETTE: tuple[tuple[str, Promise], ...] = (
    ("chat-dots", pgettext_lazy("icon", "Conversation")),
    ("telephone", pgettext_lazy("icon", "Phone call")),
    ("envelope", pgettext_lazy("icon", "Message or letter")),
    ("geo-alt", pgettext_lazy("icon", "Visit")),
    ("calendar-event", pgettext_lazy("icon", "Appointment")),
    ("people", pgettext_lazy("icon", "Meeting")),
    ("easel", pgettext_lazy("icon", "Presentation")),
    ("person-video3", pgettext_lazy("icon", "Online meeting")),
    ("file-earmark-text", pgettext_lazy("icon", "Document")),
    ("card-checklist", pgettext_lazy("icon", "Checklist")),
    ("clipboard-check", pgettext_lazy("icon", "Inspection")),
    ("rulers", pgettext_lazy("icon", "Site survey")),
    ("cup-hot", pgettext_lazy("icon", "Tasting")),
    ("basket", pgettext_lazy("icon", "Samples")),
    ("box-seam", pgettext_lazy("icon", "Delivery")),
    ("truck", pgettext_lazy("icon", "Transport")),
    ("tools", pgettext_lazy("icon", "Installation")),
    ("wrench-adjustable", pgettext_lazy("icon", "Service")),
    ("headset", pgettext_lazy("icon", "Support")),
    ("laptop", pgettext_lazy("icon", "Software")),
    ("building", pgettext_lazy("icon", "Company")),
    ("shop", pgettext_lazy("icon", "Store")),
    ("house-door", pgettext_lazy("icon", "Home")),
    ("megaphone", pgettext_lazy("icon", "Event")),
    ("gift", pgettext_lazy("icon", "Gift")),
    ("cash-coin", pgettext_lazy("icon", "Payment")),
    ("receipt", pgettext_lazy("icon", "Invoice")),
    ("briefcase", pgettext_lazy("icon", "Business")),
    ("hand-thumbs-up", pgettext_lazy("icon", "Agreement")),
    ("trophy", pgettext_lazy("icon", "Win")),
    ("mortarboard", pgettext_lazy("icon", "Training")),
    ("lightbulb", pgettext_lazy("icon", "Idea")),
    ("search", pgettext_lazy("icon", "Research")),
    ("graph-up", pgettext_lazy("icon", "Analysis")),
    ("shield-check", pgettext_lazy("icon", "Compliance")),
    ("journal-text", pgettext_lazy("icon", "Notes")),
    ("camera", pgettext_lazy("icon", "Photo")),
    ("flag", pgettext_lazy("icon", "Milestone")),
)
