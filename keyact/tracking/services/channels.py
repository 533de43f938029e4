"""Writes of the teams' group robots (WeCom, DingTalk, Feishu), for administrators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.orgs.models import Department
from keyact.orgs.selectors import scope_for
from keyact.tracking.models import TeamChannel
from keyact.users.models import User

LANGUAGES = ("zh-hans", "en")


def _admin_organization(actor: User) -> int:
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only an administrator sets up the teams' group robots."))
    return scope.organization_id


def _channel(organization_id: int, channel_id: int) -> TeamChannel:
    channel = TeamChannel.objects.filter(organization_id=organization_id, pk=channel_id).first()
    if channel is None:
        raise NotFound(_("No such group robot."), field="channel_id")
    return channel


@transaction.atomic
def team_channel_create(
    *,
    actor: User,
    department_id: int,
    kind: str,
    url: str,
    secret: str = "",
    language: str = "zh-hans",
) -> TeamChannel:
    """Add a group robot to a team or department: reminders about its people go there, in the
    language chosen, signed with the secret when the robot has one (DingTalk, Feishu)."""
    organization_id = _admin_organization(actor)
    if not Department.objects.filter(organization_id=organization_id, pk=department_id).exists():
        raise NotFound(_("No such team."), field="department_id")
    if kind not in TeamChannel.Kind.values:
        raise DomainError(_("Choose WeCom, DingTalk or Feishu."), field="kind")
    url = url.strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError as exc:
        raise DomainError(_("Give the robot's webhook address (https://…)."), field="url") from exc
    if len(url) > 500:
        raise DomainError(_("The webhook address is too long."), field="url")
    if language not in LANGUAGES:
        raise DomainError(_("Choose the language of the messages."), field="language")
    secret = secret.strip()
    if len(secret) > 200:
        raise DomainError(_("The signing secret is too long."), field="secret")
    return TeamChannel.objects.create(
        organization_id=organization_id,
        department_id=department_id,
        kind=kind,
        url=url,
        secret=secret,
        language=language,
    )


@transaction.atomic
def team_channel_set_active(*, actor: User, channel_id: int, is_active: bool) -> TeamChannel:
    """Pause or resume a group robot (a paused one receives nothing)."""
    channel = _channel(_admin_organization(actor), channel_id)
    channel.is_active = is_active
    channel.save(update_fields=["is_active"])
    return channel


@transaction.atomic
def team_channel_delete(*, actor: User, channel_id: int) -> None:
    """Remove a group robot and the record of what was sent to it (pause it to keep that)."""
    _channel(_admin_organization(actor), channel_id).delete()
