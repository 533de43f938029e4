"""Who is acting on a page request, and the guard every member page goes through."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from keyact.core.errors import NotFound, PermissionDenied
from keyact.orgs.selectors import Scope, scope_for
from keyact.users.models import User


def acting_user(request: HttpRequest) -> User:
    """The logged-in keyact user of the request (404 for anybody else)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404
    return user


def acting_scope(request: HttpRequest) -> Scope:
    """The data scope of the logged-in member."""
    return scope_for(acting_user(request))


def member_view(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Log in first; then a record outside the member's scope answers 404, a refused write 403.

    Users without an active membership get 404 on every member page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            scope_for(acting_user(request))
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc

    return login_required(wrapper)


def admin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A member page for organisation administrators only; everybody else gets 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not scope_for(acting_user(request)).is_admin:
            raise Http404
        return view(request, *args, **kwargs)

    return member_view(wrapper)
