"""Key-activity operations: list, create, read, change, standards, outputs, owners,
lifecycle."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Status

from keyact.core.pagination import Page, PageParams, paginate
from keyact.keyactivities.api._common import ERRORS, WRITE_ERRORS, router
from keyact.keyactivities.api.out import _detail, _tool_out, summary_out
from keyact.keyactivities.schemas import (
    GuideStepIn,
    KeyActivityIn,
    KeyActivityOut,
    KeyActivityPatch,
    KeyActivitySummaryOut,
    OwnersIn,
    PathId,
    QualityIn,
    StaffingGapIn,
    StagesIn,
    TemplateIn,
    ToolIn,
    ToolOut,
    TrainingIn,
    VersionIn,
    VersionQuery,
)
from keyact.keyactivities.selectors import key_activity_list
from keyact.keyactivities.services import (
    OwnerSpec,
    StageSpec,
    guide_step_add,
    key_activity_create,
    key_activity_create_from_template,
    key_activity_mark_staffing_gap,
    key_activity_publish,
    key_activity_remove,
    key_activity_retire,
    key_activity_set_quality,
    key_activity_set_stages,
    key_activity_update,
    owners_set,
    tool_add,
    training_item_add,
)
from keyact.users.api_auth import actor


@router.get("", response={200: Page[KeyActivitySummaryOut], **ERRORS}, summary="Key activities")
def key_activities_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Key activities the caller may see, newest first."""
    qs = key_activity_list(user=actor(request))
    return paginate(request, qs, page, prepare=lambda rows: [summary_out(k) for k in rows])


@router.post("", response={201: KeyActivityOut, **WRITE_ERRORS}, summary="New key activity")
def key_activities_create(request: HttpRequest, payload: KeyActivityIn) -> Status[Any]:
    """Start a key activity as a draft (managers and admins)."""
    ka = key_activity_create(actor=actor(request), **payload.model_dump())
    return Status(201, _detail(request, ka.pk))


@router.post(
    "/from-template",
    response={201: KeyActivityOut, **WRITE_ERRORS},
    summary="New key activity from a template",
)
def key_activities_from_template(request: HttpRequest, payload: TemplateIn) -> Status[Any]:
    """Start a draft from the article's worked example, in both languages."""
    ka = key_activity_create_from_template(actor=actor(request), **payload.model_dump())
    return Status(201, _detail(request, ka.pk))


@router.get(
    "/{key_activity_id}", response={200: KeyActivityOut, **ERRORS}, summary="One key activity"
)
def key_activities_get(request: HttpRequest, key_activity_id: Path[PathId]) -> dict[str, Any]:
    """One key activity the caller may see, with standards, outputs and owners."""
    return _detail(request, key_activity_id)


@router.patch(
    "/{key_activity_id}",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Change a key activity",
)
def key_activities_patch(
    request: HttpRequest, key_activity_id: Path[PathId], payload: KeyActivityPatch
) -> dict[str, Any]:
    """Change the definition. A stale ``version`` answers 409 and changes nothing."""
    changes = payload.changes()
    version = changes.pop("version")
    key_activity_update(
        actor=actor(request), key_activity_id=key_activity_id, version=version, **changes
    )
    return _detail(request, key_activity_id)


@router.delete("/{key_activity_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a draft")
def key_activities_delete(
    request: HttpRequest, key_activity_id: Path[PathId], payload: Query[VersionQuery]
) -> Status[Any]:
    """Remove a draft or a staffing gap (published ones are retired)."""
    key_activity_remove(
        actor=actor(request), key_activity_id=key_activity_id, version=payload.version
    )
    return Status(204, None)


@router.put(
    "/{key_activity_id}/stages",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Set the staged standard",
)
def key_activities_stages(
    request: HttpRequest, key_activity_id: Path[PathId], payload: StagesIn
) -> dict[str, Any]:
    """Replace the stages; a later stage may not exceed the earlier one."""
    key_activity_set_stages(
        actor=actor(request),
        key_activity_id=key_activity_id,
        version=payload.version,
        stages=[StageSpec(**s.model_dump()) for s in payload.stages],
    )
    return _detail(request, key_activity_id)


@router.put(
    "/{key_activity_id}/quality",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Set the quality standard",
)
def key_activities_quality(
    request: HttpRequest, key_activity_id: Path[PathId], payload: QualityIn
) -> dict[str, Any]:
    """Set the quality standard; a checklist names steps of this key activity's guide."""
    values = payload.model_dump()
    key_activity_set_quality(actor=actor(request), key_activity_id=key_activity_id, **values)
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/guide",
    response={201: KeyActivityOut, **WRITE_ERRORS},
    summary="Add a guide step",
)
def key_activities_guide(
    request: HttpRequest, key_activity_id: Path[PathId], payload: GuideStepIn
) -> Status[Any]:
    """Append a step to the operating guide."""
    guide_step_add(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return Status(201, _detail(request, key_activity_id))


@router.post(
    "/{key_activity_id}/training",
    response={201: KeyActivityOut, **WRITE_ERRORS},
    summary="Add a training item",
)
def key_activities_training(
    request: HttpRequest, key_activity_id: Path[PathId], payload: TrainingIn
) -> Status[Any]:
    """Add a skill-training item with its material."""
    training_item_add(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return Status(201, _detail(request, key_activity_id))


@router.post(
    "/{key_activity_id}/tools", response={201: ToolOut, **WRITE_ERRORS}, summary="Add a tool"
)
def key_activities_tools(
    request: HttpRequest, key_activity_id: Path[PathId], payload: ToolIn
) -> Status[Any]:
    """Add a tool or resource: template, file, link, budgeted item or support."""
    tool = tool_add(actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump())
    return Status(201, _tool_out(tool))


@router.put(
    "/{key_activity_id}/owners",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Set the owners",
)
def key_activities_owners(
    request: HttpRequest, key_activity_id: Path[PathId], payload: OwnersIn
) -> dict[str, Any]:
    """Replace the owners: a single owner leads; with several, exactly one is the lead (among
    the owners) unless a staffing gap is declared."""
    owners_set(
        actor=actor(request),
        key_activity_id=key_activity_id,
        version=payload.version,
        owners=[OwnerSpec(o.user_id, o.is_lead) for o in payload.owners],
        lead_id=payload.lead_id,
        staffing_gap=payload.staffing_gap,
        staffing_note=payload.staffing_note,
    )
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/staffing-gap",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Mark a staffing gap",
)
def key_activities_staffing_gap(
    request: HttpRequest, key_activity_id: Path[PathId], payload: StaffingGapIn
) -> dict[str, Any]:
    """Say that nobody suitable owns it yet: it cannot be published until someone does."""
    key_activity_mark_staffing_gap(
        actor=actor(request), key_activity_id=key_activity_id, **payload.model_dump()
    )
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/publish",
    response={200: KeyActivityOut, **WRITE_ERRORS},
    summary="Publish",
)
def key_activities_publish(
    request: HttpRequest, key_activity_id: Path[PathId], payload: VersionIn
) -> dict[str, Any]:
    """Publish a complete draft with owners and exactly one lead."""
    key_activity_publish(
        actor=actor(request), key_activity_id=key_activity_id, version=payload.version
    )
    return _detail(request, key_activity_id)


@router.post(
    "/{key_activity_id}/retire", response={200: KeyActivityOut, **WRITE_ERRORS}, summary="Retire"
)
def key_activities_retire(
    request: HttpRequest, key_activity_id: Path[PathId], payload: VersionIn
) -> dict[str, Any]:
    """Retire a published key activity; it stays on record."""
    key_activity_retire(
        actor=actor(request), key_activity_id=key_activity_id, version=payload.version
    )
    return _detail(request, key_activity_id)
