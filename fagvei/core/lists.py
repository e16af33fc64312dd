"""The one list view: search and filters from a GET form, ordering, pagination, and the
results partial for an HTMX request. The pathway, person and organisation lists (and
every list to come) are this helper with their own form and filters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_SEARCH_WORDS = 5


def search_words(qs: QuerySet[Any], text: str, *fields: str) -> QuerySet[Any]:
    """Every word must match one of the fields ("kari nord" finds Kari Nordmann)."""
    for word in text.split()[:MAX_SEARCH_WORDS]:
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(q)
    return qs


def list_page(
    request: HttpRequest,
    template: str,
    qs: QuerySet[Any],
    *,
    form: forms.Form | None,
    order_by: Sequence[Any],
    narrow: Callable[[QuerySet[Any], dict[str, Any]], QuerySet[Any]] | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render a list page. Filters never fail the page: a value the form does not accept
    is left out (and the form shows it as such), the rest still narrows the list."""
    if form is not None and form.is_bound and narrow is not None:
        form.is_valid()
        qs = narrow(qs, form.cleaned_data)
    page = Paginator(qs.order_by(*order_by), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    data = {"form": form, "page": page, **(context or {})}
    # An HTMX request (the search as you type) swaps only the results.
    return render(request, f"{template}#results" if getattr(request, "htmx", False) else template, data)
