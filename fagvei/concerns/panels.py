"""The concern ladder's panel of the start page (registered with ``fagvei.core.registry``
when the app starts): for a county adviser, how many open concerns their county has
been informed of, with a link to the list. One query, none for anyone else."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.core.registry import HomePanel, register_home_panel

from .access import county_concerns, county_ids
from .models import CLOSED


def _county(request: HttpRequest) -> dict[str, Any] | None:
    if not county_ids(request.user):
        return None
    return {"open_count": county_concerns(request.user).exclude(status__in=CLOSED).count()}


def register() -> None:
    register_home_panel(HomePanel("county_concerns", "concerns/panels/county.html", 30, _county, max_queries=1))
