"""What the playbook's writes share: the administrator check and bilingual names."""

from __future__ import annotations

from django.utils.translation import gettext as _

from keyact.core.bilingual import bilingual_text
from keyact.core.errors import PermissionDenied
from keyact.orgs.selectors import scope_for
from keyact.users.models import User


def _require_admin(actor: User) -> int:
    scope = scope_for(actor)
    if not scope.is_admin:
        raise PermissionDenied(_("Only administrators can change the playbook and its settings."))
    return scope.organization_id


def _names(name_en: str, name_zh: str, *, max_length: int) -> tuple[str, str]:
    """A name in the user's language, the other optional (``keyact.core.bilingual``)."""
    return bilingual_text(name_en, name_zh, field="name", max_length=max_length)
