"""Files of a key activity (guide attachments, tool files), served only inside its scope."""

from __future__ import annotations

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse

from keyact.core.files import stored_file_response
from keyact.keyactivities.selectors import key_activity_get
from keyact.orgs.access import acting_user, member_view


@member_view
def guide_attachment(request: HttpRequest, key_activity_id: int, step_id: int) -> HttpResponse:
    """A guide step's attachment, for those who may see the key activity (a download)."""
    ka = key_activity_get(user=acting_user(request), key_activity_id=key_activity_id)
    step = next((s for s in ka.guide_steps.all() if s.pk == step_id), None)
    if step is None or not step.attachment:
        raise Http404
    # A streamed download; member_view only needs an HTTP response.
    return cast(HttpResponse, stored_file_response(step.attachment))


@member_view
def tool_file(request: HttpRequest, key_activity_id: int, tool_id: int) -> HttpResponse:
    """A tool's file, for those who may see the key activity (a download)."""
    ka = key_activity_get(user=acting_user(request), key_activity_id=key_activity_id)
    tool = next((t for t in ka.tools.all() if t.pk == tool_id), None)
    if tool is None or not tool.file:
        raise Http404
    return cast(HttpResponse, stored_file_response(tool.file))
