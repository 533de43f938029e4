"""Account pages: the language switch (login and logout are Django's views; the API-token
pages need a membership and live in ``keyact.orgs.account_views``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from keyact.users.models import User
from keyact.users.services import user_set_language


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the language; a logged-in user's choice is also remembered on their account."""
    language = request.POST.get("language", "")
    user = request.user
    if isinstance(user, User) and user.is_authenticated and language in User.Language.values:
        user_set_language(user=user, language=language)
    return set_language(request)
