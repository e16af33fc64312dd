"""The deadline list: what needs the user, from the overdue to four weeks ahead, with
the list's filters and bounded pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fagvei.accounts.access import scope_for
from fagvei.core import clock
from fagvei.core.deadlines import Item, rule

from . import engine, freshness
from .access import filter_options
from .forms import PAGE_SIZE, DeadlineFilterForm, page_number


@dataclass(frozen=True)
class Listed:
    form: DeadlineFilterForm
    items: list[Item]
    has_next: bool
    page: int
    # The rules not asked for the whole country (``Rule.narrowed_only``), by their labels.
    left_out: list[Any]
    # When the administrator's national first page was worked out (kept for minutes).
    worked_out_at: dt.datetime | None = None


def listed(request: HttpRequest, data: Any) -> Listed:
    """The form, the page's items, whether there is a next page, the page number and what
    the list leaves out: for the page and the API alike."""
    schemes, people = filter_options(request.user)
    form = DeadlineFilterForm(data, schemes=schemes, people=people)
    form.is_valid()
    page = page_number(data.get("page"))
    filters = form.filters()

    def compute() -> engine.Collected:
        return engine.for_user(request.user, filters=filters, limit=page * PAGE_SIZE + 1)

    # The first page as it opens, without filters, is kept between visits where it may be
    # (fagvei/deadlines/freshness.py); a filtered or later page is worked out each time.
    worked_out_at = None
    first_as_it_opens = page == 1 and filters == engine.Filters()
    if first_as_it_opens and freshness.keepable(request.user, personal=False):
        found = freshness.kept_or_computed(request.user, compute, name="list")
    elif first_as_it_opens and scope_for(request.user).is_admin:
        found, worked_out_at = freshness.kept_national(compute)
    else:
        found = compute()
    items = found.items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    has_next = len(found.items) > page * PAGE_SIZE
    labels = [r.label for code in found.left_out if (r := rule(code)) is not None]
    return Listed(form, items, has_next, page, labels, worked_out_at)


@login_required
@require_GET
def deadline_list(request: HttpRequest) -> HttpResponse:
    found = listed(request, request.GET)
    today = clock.today()
    return render(
        request,
        "deadlines/deadline_list.html",
        {
            "form": found.form,
            "buckets": engine.buckets(found.items, today),
            "items": found.items,
            "page": found.page,
            "has_next": found.has_next,
            "today": today,
            "overdue_only": found.form.filters().overdue_only,
            "left_out": found.left_out,
            "worked_out_at": found.worked_out_at,
        },
    )
