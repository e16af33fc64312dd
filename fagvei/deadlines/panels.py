"""The start page's "What needs me" (issue 12): the user's own deadlines — overdue, due
this week, and the next four weeks — each naming the participant, what is due, the rule
behind it and the page where it is done. Through the same engine as /deadlines/, asked
for what is the user's own (``personal``): the administrator's start page is not the
country's list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.core import clock
from fagvei.core.registry import HomePanel, register_home_panel

from . import engine, freshness

# The panel lists this many; the rest are on /deadlines/.
SHOWN = 12


def _needs_me(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None

    def compute() -> engine.Collected:
        return engine.for_user(user, limit=SHOWN, personal=True)

    # Kept between visits where it may be (fagvei/deadlines/freshness.py).
    found = freshness.kept_or_computed(user, compute) if freshness.keepable(user, personal=True) else compute()
    today = clock.today()
    return {"buckets": engine.buckets(found.items, today, more=found.more), "today": today}


def register() -> None:
    # First on the start page: what is due comes before themes and tasks. Its queries:
    # one per rule at most, and the scope's ids read once by each.
    register_home_panel(HomePanel("needs_me", "deadlines/panels/needs_me.html", 5, _needs_me, max_queries=20))
