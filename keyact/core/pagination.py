"""Limit/offset pages for API lists, with a capped count that stays fast on millions of rows.

A page is ``{"items": [...], "count": N, "count_is_exact": bool, "next": url | null}``. The count
is exact up to ``KEYACT_API_COUNT_CAP`` rows; above it the database stops counting at the cap and
``count_is_exact`` is false (``count`` is then the cap). ``next`` does not depend on the count:
the page fetches one row more than asked to know whether another page follows. So a list costs
two queries whatever its size or page size (plus any fixed prefetches of the caller).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

DEFAULT_LIMIT: int = getattr(settings, "KEYACT_PAGE_SIZE", 50)
MAX_LIMIT: int = getattr(settings, "KEYACT_MAX_PAGE_SIZE", 200)
MAX_OFFSET = 10_000_000
DEFAULT_COUNT_CAP = 10_000

M = TypeVar("M", bound=Model)


class PageParams(BaseModel):
    """``limit`` and ``offset`` query parameters."""

    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


def count_cap() -> int:
    """How many rows a list counts at most (setting ``KEYACT_API_COUNT_CAP``)."""
    return int(getattr(settings, "KEYACT_API_COUNT_CAP", DEFAULT_COUNT_CAP))


def capped_count(qs: QuerySet[Any], cap: int) -> tuple[int, bool]:
    """Count rows up to ``cap``: SELECT COUNT(*) over a LIMIT cap+1 subquery of ids."""
    counted = qs.order_by().values("pk")[: cap + 1].count()
    return (cap, False) if counted > cap else (counted, True)


def _next_url(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset + limit)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    qs: QuerySet[M],
    page: PageParams,
    *,
    prepare: Callable[[list[M]], Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """One page of ``qs`` as the response body; ``prepare`` may attach related data in bulk."""
    rows = list(qs[page.offset : page.offset + page.limit + 1])
    has_next = len(rows) > page.limit
    rows = rows[: page.limit]
    if page.offset == 0 and not has_next:
        count, exact = len(rows), True
    else:
        count, exact = capped_count(qs, count_cap())
    return {
        "items": prepare(rows) if prepare is not None else rows,
        "count": count,
        "count_is_exact": exact,
        "next": _next_url(request, page.offset, page.limit) if has_next else None,
    }


T = TypeVar("T")


class Page(Schema, Generic[T]):
    """One page of a list."""

    items: list[T]
    count: int = Field(description="Rows in the whole list, counted up to a cap.")
    count_is_exact: bool = Field(description="False when the list is longer than the cap.")
    next: str | None = Field(description="URL of the next page, null on the last one.")
