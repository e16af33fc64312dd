"""The follow-up app's panels of the start page (registered with ``fagvei.core.registry``
when the app starts; the start page in ``pathways`` cannot import this app):

- "This month's themes": the themes of this month in the schemes of the pathways the
  user is on (seed 002 § 3: the mentor is told each month which themes the class covers);
- "My tasks": the user's own open action items, the first five;
- "My participants": for a mentor, the participants of their open pathways.

Each costs at most one query, and none for a user the panel is not for (a coordinator
is on no pathway: no themes, no participants).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import CASEWORKER_ROLES, Role
from fagvei.core import clock
from fagvei.core.registry import HomePanel, register_home_panel
from fagvei.pathways.models import Pathway, PathwayMember

from .access import my_action_items
from .models import MonthlyTheme

# How many open action items the start page lists (the rest are on /tasks/).
TASKS_SHOWN = 5
PARTICIPANTS_SHOWN = 20


def _on_pathways(request: HttpRequest) -> int | None:
    """The user's person when they may be on pathways (not only a caseworker)."""
    scope = scope_for(request.user)
    if scope.person_id is None or scope.is_admin:
        return None
    if scope.roles and scope.roles <= CASEWORKER_ROLES:
        return None
    return scope.person_id


def _themes(request: HttpRequest) -> dict[str, Any] | None:
    person_id = _on_pathways(request)
    if person_id is None:
        return None
    # The schemes of the pathways the user is on (in a role, or as the participant),
    # found through the indexes on the person; a row per scheme for the month.
    on_scheme = Q(scheme_id__in=PathwayMember.objects.filter(person_id=person_id).values("pathway__scheme_id")) | Q(
        scheme_id__in=Pathway.objects.filter(participant_id=person_id).values("scheme_id")
    )
    month = clock.today().replace(day=1)
    rows = sorted(
        MonthlyTheme.objects.filter(on_scheme, month=month).select_related("scheme"),
        key=lambda row: (row.scheme.name, row.pk),
    )
    if not rows:
        return None
    return {"themes": rows, "month": month}


def _tasks(request: HttpRequest) -> dict[str, Any] | None:
    if scope_for(request.user).person_id is None:
        return None
    items = list(
        my_action_items(request.user).filter(done_at__isnull=True).order_by("deadline", "id")[: TASKS_SHOWN + 1]
    )
    if not items:
        return None
    return {"items": items[:TASKS_SHOWN], "more": len(items) > TASKS_SHOWN, "today": clock.today()}


def _participants(request: HttpRequest) -> dict[str, Any] | None:
    scope = scope_for(request.user)
    if scope.person_id is None or Role.MENTOR not in scope.roles:
        return None
    # The mentor's own rows, in the order they were added (the index on the person), then
    # sorted by name here: a sort in the database would sort every row of the scope.
    members = (
        PathwayMember.objects.filter(
            person_id=scope.person_id, role=PathwayMember.Role.MENTOR, pathway__is_open__in=[True]
        )
        .select_related("pathway__participant", "pathway__trade")
        .order_by("id")[:PARTICIPANTS_SHOWN]
    )
    pathways = sorted(
        {m.pathway_id: m.pathway for m in members}.values(),
        key=lambda p: (p.participant.last_name, p.participant.first_name, p.pk),
    )
    if not pathways:
        return None
    return {"pathways": pathways}


def register() -> None:
    register_home_panel(HomePanel("monthly_themes", "followup/panels/themes.html", 10, _themes, max_queries=1))
    register_home_panel(HomePanel("my_tasks", "followup/panels/tasks.html", 20, _tasks, max_queries=1))
    register_home_panel(
        HomePanel("my_participants", "followup/panels/participants.html", 30, _participants, max_queries=1)
    )
