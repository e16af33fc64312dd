"""The deadline list: what needs the user, from the overdue to four weeks ahead, with
the list's filters and bounded pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fagvei.core import clock
from fagvei.core.deadlines import Item

from . import engine, freshness
from .access import filter_schemes, responsible_people
from .forms import PAGE_SIZE, DeadlineFilterForm, page_number


def listed(request: HttpRequest, data: Any) -> tuple[DeadlineFilterForm, list[Item], bool, int]:
    """The form, the page's items, whether there is a next page, and the page number:
    for the page and the API alike."""
    form = DeadlineFilterForm(data, schemes=filter_schemes(request.user), people=responsible_people(request.user))
    form.is_valid()
    page = page_number(data.get("page"))
    filters = form.filters()

    def compute() -> engine.Collected:
        return engine.for_user(request.user, filters=filters, limit=page * PAGE_SIZE + 1)

    # The first page as it opens, without filters, is kept between visits where it may be
    # (fagvei/deadlines/freshness.py); a filtered or later page is worked out each time.
    if page == 1 and filters == engine.Filters() and freshness.keepable(request.user, personal=False):
        found = freshness.kept_or_computed(request.user, compute, name="list")
    else:
        found = compute()
    items = found.items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    has_next = len(found.items) > page * PAGE_SIZE
    return form, items, has_next, page


@login_required
@require_GET
def deadline_list(request: HttpRequest) -> HttpResponse:
    form, items, has_next, page = listed(request, request.GET)
    today = clock.today()
    return render(
        request,
        "deadlines/deadline_list.html",
        {
            "form": form,
            "buckets": engine.buckets(items, today),
            "items": items,
            "page": page,
            "has_next": has_next,
            "today": today,
            "overdue_only": form.filters().overdue_only,
        },
    )
