"""Template context for every page: which main-navigation section the page belongs to."""

from __future__ import annotations

from django.http import HttpRequest

# Organisation administration pages served by an app below orgs' namespace (the activity-type
# catalog lives in activities, under /org/activity-types/).
ORGANISATION_PAGES_ELSEWHERE = frozenset({"activity_types", "activity_type_edit"})


def navigation(request: HttpRequest) -> dict[str, str]:
    """``nav_section``: the one main-navigation item to highlight.

    My day is ``home`` (at ``/`` for reps and supporters, at ``/my-day/`` for everyone; the
    team board, the home page of the others, says ``tracking`` itself); an app with a URL
    namespace is its namespace (``customers``, ``deals``, ``orgs``…); the activity pages, which
    have none, are ``activities``. Pages outside any section (and error pages, which resolve
    nothing) highlight nothing.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"nav_section": ""}
    if match.url_name in ("home", "my_day"):
        return {"nav_section": "home"}
    if match.namespace:
        return {"nav_section": match.namespace.split(":")[0]}
    if match.url_name in ORGANISATION_PAGES_ELSEWHERE:
        return {"nav_section": "orgs"}
    if (match.url_name or "").startswith("activity_") or match.url_name in {"quick_log", "plan"}:
        return {"nav_section": "activities"}
    return {"nav_section": ""}
