"""The one list view: search and filters from a GET form, ordering, pagination, and the
results partial for an HTMX request. The pathway, person and organisation lists (and
every list to come) are this helper with their own form and filters.

A list is read in two steps when its rows stand in an index table (a follow table, or
the model's own sort index): the ids of one page, ordered and sliced by the index alone,
and then the 25 objects of the page by their ids. Deep pages are bounded (``MAX_ROWS``):
past them the user narrows the list with the search and filters, which an index serves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

MAX_SEARCH_WORDS = 5
# The deepest row a list pages to (page 400 of 25): beyond, searching is the way.
MAX_ROWS = 10_000
# The most ids of a search read at once (more, and they are counted and paged by the database).
WHOLE = 2_000


def search_words(qs: QuerySet[Any], text: str, *fields: str) -> QuerySet[Any]:
    """Every word must match one of the fields ("kari nord" finds Kari Nordmann)."""
    for word in text.split()[:MAX_SEARCH_WORDS]:
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(q)
    return qs


class BoundedPaginator(Paginator):
    """A paginator that may be told the count (from a table of counts) and pages no
    deeper than ``MAX_ROWS``."""

    def __init__(self, object_list: Any, per_page: int, known_count: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        """The number of rows, counted no further than one past ``MAX_ROWS``: a list of
        250 000 says "more than 10 000" rather than read them all to say how many."""
        if self.known_count is not None:
            return self.known_count
        if hasattr(self.object_list, "order_by"):
            return int(self.object_list.order_by()[: MAX_ROWS + 1].count())
        return min(len(self.object_list), MAX_ROWS + 1)

    @property
    def more_than(self) -> int | None:
        """``MAX_ROWS`` when the count stopped there, else None."""
        return MAX_ROWS if self.known_count is None and self.count > MAX_ROWS else None

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, max(1, MAX_ROWS // self.per_page))

    @property
    def bounded(self) -> bool:
        """Whether there are rows past the last page offered."""
        return self.count > self.num_pages * self.per_page


@dataclass(frozen=True)
class ListQuery:
    """What a list reads, for the page and the API alike: the rows (``index``), their
    order, how the filters narrow them, and how a page of them is loaded.

    With ``load``, ``index`` holds index rows: the page is the values of ``key`` there,
    and ``load(ids)`` returns the objects in that order. ``count(filters)`` may give the
    number of rows without counting them (None: count them). ``whole(filters)`` says
    when the rows are few enough to read all their ids at once (a search)."""

    index: QuerySet[Any]
    order_by: Sequence[Any]
    narrow: Callable[[QuerySet[Any], dict[str, Any]], QuerySet[Any]] | None = None
    load: Callable[[list[Any]], list[Any]] | None = None
    key: str = "pk"
    count: Callable[[dict[str, Any]], int | None] | None = None
    whole: Callable[[dict[str, Any]], bool] | None = None


def read_page(query: ListQuery, data: dict[str, Any], number: Any) -> Page:
    """One page of the list, narrowed by the filters in ``data`` (already cleaned).
    Deep pages are bounded (``MAX_ROWS``) and counts stop there; a page number that is
    not one gives the first page, one past the end the last."""
    qs = query.narrow(query.index, data) if query.narrow is not None else query.index
    qs = qs.order_by(*query.order_by)
    rows: Any = qs.values_list(query.key, flat=True) if query.load is not None else qs
    known = query.count(data) if query.count is not None else None
    if query.load is not None and query.whole is not None and query.whole(data):
        # A search: its hits, up to WHOLE of them, read in one query and paged here,
        # rather than searched once to count them and again for the page.
        hits = list(rows[: WHOLE + 1])
        if len(hits) <= WHOLE:
            rows = hits
    page = BoundedPaginator(rows, settings.PAGE_SIZE, known).get_page(number)
    if query.load is not None:
        page.object_list = query.load(list(page.object_list))
    return page


def filters_of(form: forms.Form | None) -> dict[str, Any]:
    """The filters a bound form accepted. Filters never fail a list: a value the form
    does not accept is left out (and the form shows it as such), the rest still narrows."""
    if form is None or not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def list_page(
    request: HttpRequest,
    template: str,
    qs: QuerySet[Any] | ListQuery,
    *,
    form: forms.Form | None,
    order_by: Sequence[Any] = (),
    narrow: Callable[[QuerySet[Any], dict[str, Any]], QuerySet[Any]] | None = None,
    load: Callable[[list[Any]], list[Any]] | None = None,
    key: str = "pk",
    count: Callable[[dict[str, Any]], int | None] | None = None,
    whole: Callable[[dict[str, Any]], bool] | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render a list page: a ``ListQuery`` (or its parts) read through the search and
    filters of ``form`` (see ``ListQuery`` and ``read_page``)."""
    query = (
        qs
        if isinstance(qs, ListQuery)
        else ListQuery(
            qs, order_by, narrow=narrow if form is not None else None, load=load, key=key, count=count, whole=whole
        )
    )
    page = read_page(query, filters_of(form), request.GET.get("page"))
    values = {"form": form, "page": page, **(context or {})}
    # An HTMX request (the search as you type) swaps only the results.
    return render(request, f"{template}#results" if getattr(request, "htmx", False) else template, values)


def in_order(objects: dict[Any, Any], ids: list[Any]) -> list[Any]:
    """``in_bulk``'s result in the order of the page's ids."""
    return [objects[pk] for pk in ids if pk in objects]
