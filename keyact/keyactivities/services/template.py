"""Create a key activity from a catalog template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from keyact.activities.models import ActivityType
from keyact.core.errors import DomainError
from keyact.keyactivities.catalog import TEMPLATES
from keyact.keyactivities.models import (
    GuideStep,
    KeyActivity,
    QualityKind,
    StageStandard,
    Tool,
    TrainingItem,
)
from keyact.keyactivities.services._common import _record, _require_designer
from keyact.keyactivities.services.definition import key_activity_create
from keyact.users.models import User


@transaction.atomic
def key_activity_create_from_template(
    *,
    actor: User,
    valid_from: dt.date,
    template_code: str = "reference_visit",
    candidate_id: int | None = None,
) -> KeyActivity:
    """Start a draft from a shipped template (the article's worked example by default) with
    its measure, staged standard, checklist quality standard, guide, training and tools, in
    both languages. Owners and targets are the organisation's to name."""
    org_id = _require_designer(actor)
    template = TEMPLATES.get(template_code)
    if template is None:
        raise DomainError(_("Unknown template."), field="template_code")
    types = {t.code: t for t in ActivityType.objects.filter(organization_id=org_id, is_active=True)}

    def first_type(codes: Sequence[str], field: str) -> ActivityType:
        for code in codes:
            if code in types:
                return types[code]
        raise DomainError(
            _("The organisation lacks the activity type %(code)s.") % {"code": codes[0]},
            field=field,
        )

    stage_types = [first_type(s.type_codes, "template_code") for s in template.stages]
    ka = key_activity_create(
        actor=actor,
        valid_from=valid_from,
        name_en=template.name.en,
        name_zh=template.name.zh,
        purpose_en=template.purpose.en,
        purpose_zh=template.purpose.zh,
        candidate_id=candidate_id,
        period=template.period,
        quantity=template.stages[0].quantity if template.stages else None,
        # The measure counts exactly the stages' types (an organisation without the invitation
        # type falls back to communication for the first stage, and counts that).
        activity_type_ids=list(dict.fromkeys(t.pk for t in stage_types)),
        tracking_frequency=template.tracking_frequency,
        review_day=template.review_day,
    )
    ka.template_code = template.code
    ka.save(update_fields=["template_code"])
    StageStandard.objects.bulk_create(
        StageStandard(
            key_activity=ka,
            order=index,
            name_en=stage.name.en,
            name_zh=stage.name.zh,
            activity_type=stage_types[index - 1],
            quantity=stage.quantity,
        )
        for index, stage in enumerate(template.stages, start=1)
    )
    guide = GuideStep.objects.bulk_create(
        GuideStep(
            key_activity=ka,
            order=index,
            text_en=text.en,
            text_zh=text.zh,
            in_checklist=(index - 1) in template.checklist,
        )
        for index, text in enumerate(template.guide, start=1)
    )
    if template.checklist:
        ka.quality_kind = QualityKind.CHECKLIST
    TrainingItem.objects.bulk_create(
        TrainingItem(
            key_activity=ka,
            order=index,
            title_en=t.title.en,
            title_zh=t.title.zh,
            material_en=t.material.en,
            material_zh=t.material.zh,
        )
        for index, t in enumerate(template.training, start=1)
    )
    currency = ka.organization.default_currency
    Tool.objects.bulk_create(
        Tool(
            key_activity=ka,
            order=index,
            kind=t.kind,
            name_en=t.name.en,
            name_zh=t.name.zh,
            amount=t.amount,
            currency=currency if t.amount is not None else "",
            provided_by=t.provided_by,
        )
        for index, t in enumerate(template.tools, start=1)
    )
    return _record(
        ka,
        actor,
        "template",
        {
            "template_code": ("", template.code),
            "stages": (None, [[s.name.en, s.quantity] for s in template.stages]),
            "guide_steps": (None, len(guide)),
            "quality_kind": (QualityKind.NONE, ka.quality_kind),
        },
    )
