"""What the playbook's writes share: the administrator check and bilingual names."""

from __future__ import annotations

from django.utils.translation import gettext as _

from keyact.core.errors import DomainError, PermissionDenied
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


def _require_admin(actor: User) -> int:
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only administrators can change the playbook and its settings."))
    return scope.organization_id


def _names(name_en: str, name_zh: str) -> tuple[str, str]:
    name_en, name_zh = name_en.strip(), name_zh.strip()
    if not name_en:
        raise DomainError(_("The English name cannot be empty."), field="name_en")
    if not name_zh:
        raise DomainError(_("The Chinese name cannot be empty."), field="name_zh")
    return name_en, name_zh
