"""Per-user upload limits: how many files and bytes an hour, how much storage in all.

Any member can upload (photos, attachments); without limits one of them can fill the disk. Every
stored upload is a ``StoredFile`` row; a replaced or removed file is marked removed and deleted
from storage after the transaction commits.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from keyact.core.errors import DomainError
from keyact.core.files import stored_file_delete_on_commit
from keyact.core.models import StoredFile


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}"


@transaction.atomic
def stored_file_admit(*, user_id: int, size: int, field: str) -> None:
    """Refuse an upload of ``size`` bytes that would pass the user's rate or storage limit."""
    # One upload of a user at a time: concurrent uploads cannot both slip under a limit.
    get_user_model().objects.select_for_update().filter(pk=user_id).exists()
    since = timezone.now() - dt.timedelta(hours=1)
    usage = StoredFile.objects.filter(uploaded_by_id=user_id).aggregate(
        kept=Sum("size", filter=Q(removed_at__isnull=True), default=0),
        recent_count=Count("id", filter=Q(uploaded_at__gte=since)),
        recent_bytes=Sum("size", filter=Q(uploaded_at__gte=since), default=0),
    )
    if usage["recent_count"] + 1 > settings.KEYACT_UPLOADS_PER_HOUR:
        raise DomainError(
            _("You have uploaded %(count)s files in the last hour; wait a while and try again.")
            % {"count": usage["recent_count"]},
            field=field,
        )
    if usage["recent_bytes"] + size > settings.KEYACT_UPLOAD_BYTES_PER_HOUR:
        raise DomainError(
            _(
                "You have uploaded %(mb)s MB in the last hour, the most allowed; wait a while "
                "and try again."
            )
            % {"mb": _megabytes(usage["recent_bytes"])},
            field=field,
        )
    if usage["kept"] + size > settings.KEYACT_UPLOAD_QUOTA_BYTES:
        raise DomainError(
            _(
                "Your files take %(used)s MB of the %(quota)s MB you may store; replace or remove "
                "some before uploading more."
            )
            % {
                "used": _megabytes(usage["kept"]),
                "quota": _megabytes(settings.KEYACT_UPLOAD_QUOTA_BYTES),
            },
            field=field,
        )


def stored_file_record(*, user_id: int, name: str, size: int) -> StoredFile:
    """Count a file that was just stored against its uploader's limits."""
    return StoredFile.objects.create(
        name=name, size=size, uploaded_by_id=user_id, uploaded_at=timezone.now()
    )


def stored_file_release(*, name: str | None) -> None:
    """A stored file is replaced or removed: stop counting it, delete it after the commit."""
    if not name:
        return
    StoredFile.objects.filter(name=name, removed_at__isnull=True).update(removed_at=timezone.now())
    stored_file_delete_on_commit(name)
