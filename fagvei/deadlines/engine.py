"""The deadline engine: asks every registered rule (fagvei/core/deadlines.py) for the
items a user is to be shown, and merges them, soonest first.

Who sees which items (issue 12; DOMAIN.md "Roles and access"):
- those who manage a pathway (its coordinator, the coordinators of the organisation that
  runs its scheme, its training office) see every item on it: their caseload;
- a person in a role on a pathway (instructor, trade teacher, Norwegian teacher,
  professional manager, mentor) sees the items on it that are that role's to do;
- the participant sees their own pathway's items that are theirs, and the action items
  they own;
- the coordinators of the organisation that runs a scheme see its groups' meetings; the
  county adviser sees what was sent to their county; a training office or workplace
  sees its approvals;
- the administrator sees everything.

Every rule reads only the pathways ``Ask.pathways(role)`` gives it, a subquery on the
follow table's index (fagvei/pathways/follows.py), so a rule costs what the asker's scope
costs, not what the country's does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import Role
from fagvei.core import clock
from fagvei.core.deadlines import MANAGERS, OWNER, PARTICIPANT, Ask, Item, Rule, rules
from fagvei.lib.workdays import next_working_day, week_end
from fagvei.pathways.models import Follow, Pathway, PathwayMember, Scheme

# The start page's horizon: overdue, this week, and the next four weeks (issue 12).
HORIZON_DAYS = 28
# A deadline moved to the next working day lands at most this many days later (Easter:
# Maundy Thursday to the Tuesday after), so rules are asked this much further ahead.
LONGEST_MOVE_DAYS = 6
# True while the rules are asked: their queries sort the asker's due rows by a date they
# compute (no index can hold a date that is worked out on every read), bounded by the
# asker's scope; tests/pathways/test_query_plans.py tells them from a list's queries by it.
COLLECTING: ContextVar[bool] = ContextVar("deadline_rules_collecting", default=False)

# The most items one pathway's outlook lists (the pathway page, its API).
OUTLOOK_LIMIT = 30
MEMBER_ROLES = frozenset(PathwayMember.Role.values)


@dataclass(frozen=True)
class Filters:
    """The list's filters (``/deadlines/`` and the API)."""

    scheme_id: int | None = None
    trade_id: int | None = None
    codes: frozenset[str] = field(default_factory=frozenset)
    responsible_person_id: int | None = None
    overdue_only: bool = False
    pathway_id: int | None = None


def _restricted(qs: Any, filters: Filters, on: str) -> Any:
    if filters.pathway_id is not None:
        qs = qs.filter(**{f"{on}pk" if on == "" else f"{on}id": filters.pathway_id})
    if filters.scheme_id is not None:
        qs = qs.filter(**{f"{on}scheme_id": filters.scheme_id})
    if filters.trade_id is not None:
        qs = qs.filter(**{f"{on}trade_id": filters.trade_id})
    return qs


def _responsible(qs: Any, role: str, person_id: int, on: str) -> Any:
    """Narrow to pathways where ``person_id`` is the one ``role`` names."""
    if role == MANAGERS:
        return qs.filter(**{f"{on}coordinator__person_id": person_id})
    if role == PARTICIPANT:
        return qs.filter(**{f"{on}participant_id": person_id})
    if role in MEMBER_ROLES:
        return qs.filter(**{f"{on}members__person_id": person_id, f"{on}members__role": role})
    # An owner is narrowed by the rule itself; other roles name no person on a pathway.
    return qs if role == OWNER else qs.none()


def ask_for(
    user: Any,
    *,
    filters: Filters | None = None,
    until: dt.date | None = None,
    limit: int = 50,
    personal: bool = False,
) -> Ask:
    """What the rules are asked on the user's behalf: the pathways of each responsible
    role as a subquery of ids, and the schemes, counties and organisations they see.

    ``personal``: only what is the user's own to do, through their follow rows, also for
    the administrator, who otherwise sees every item in the country (the start page asks
    so: "what needs me", not "what is due anywhere")."""
    filters = filters or Filters()
    scope = scope_for(user)
    everything = scope.is_admin and not personal
    narrowed = bool(filters.pathway_id or filters.scheme_id or filters.trade_id or filters.responsible_person_id)
    today = clock.today()
    if until is None:
        until = today + dt.timedelta(days=HORIZON_DAYS)
    if filters.overdue_only:
        until = min(until, today - dt.timedelta(days=1))

    known: dict[str, bool] = {}

    def follows_any() -> bool:
        """Whether the user follows any pathway (read once per ask): a county adviser or
        an administrator asking for their own often follows none."""
        if "any" not in known:
            known["any"] = Follow.objects.filter(user_id=user.pk).exists()
        return known["any"]

    def pathways(*roles: str, stages: Iterable[str] | None = None) -> Any:
        if everything:
            if not narrowed:
                return None
            qs = _restricted(Pathway.objects.all(), filters, "")
            if filters.responsible_person_id is not None:
                qs = _responsible(qs, roles[0], filters.responsible_person_id, "")
            return qs.values("pk")
        if not getattr(user, "is_authenticated", False) or not follows_any():
            # An empty list: the rules' queries are not run at all.
            return []
        # Managers see every item on the pathways they manage; anyone else the items of
        # the role they hold (a coordinator who is also someone's mentor: both).
        mine = Q(manages=True) if scope.is_caseworker else Q(pk__in=[])
        held = [r for r in roles if r in MEMBER_ROLES]
        if held and scope.person_id is not None:
            mine |= Q(pathway__members__person_id=scope.person_id, pathway__members__role__in=held)
        if (PARTICIPANT in roles or OWNER in roles) and scope.person_id is not None:
            mine |= Q(pathway__participant_id=scope.person_id)
        qs = Follow.objects.filter(user_id=user.pk)
        if stages is not None:
            qs = qs.filter(stage__in=list(stages))
        qs = _restricted(qs.filter(mine), filters, "pathway__")
        if filters.responsible_person_id is not None:
            # The first role is the one whose task it is.
            qs = _responsible(qs, roles[0], filters.responsible_person_id, "pathway__")
        return qs.values("pathway_id")

    schemes: Any
    counties: list[int] | None
    organisations: list[int] | None
    if everything:
        schemes = counties = organisations = None
    elif scope.is_admin:
        schemes, counties, organisations = [], [], []
    else:
        runs = scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR)
        schemes = list(Scheme.objects.filter(organisation_id__in=runs).values_list("pk", flat=True)) if runs else []
        counties = scope.orgs_with(Role.COUNTY_ADVISER)
        organisations = scope.orgs_with(Role.TRAINING_OFFICE_ADVISER, Role.WORKPLACE_MANAGER)
    if filters.scheme_id is not None:
        schemes = [filters.scheme_id] if schemes is None or filters.scheme_id in schemes else []
    return Ask(
        today=today,
        until=until + dt.timedelta(days=LONGEST_MOVE_DAYS),
        limit=limit,
        pathways=pathways,
        person_id=scope.person_id,
        roles=scope.roles,
        schemes=schemes,
        counties=counties,
        organisations=organisations,
        responsible_person_id=filters.responsible_person_id,
        scheme_id=filters.scheme_id,
        trade_id=filters.trade_id,
        pathway_id=filters.pathway_id,
        wide=everything and not narrowed,
    )


@contextmanager
def computing() -> Iterator[None]:
    """Mark the queries run inside as the deadline rules' (``COLLECTING``)."""
    token = COLLECTING.set(True)
    try:
        yield
    finally:
        COLLECTING.reset(token)


@dataclass(frozen=True)
class Collected:
    items: list[Item]
    # True when a rule had more than the limit: the list is cut and says so.
    more: bool
    # The codes of the rules not asked for a wide ask (``Rule.narrowed_only``).
    left_out: tuple[str, ...] = ()


def collect(ask: Ask, *, until: dt.date, codes: Iterable[str] = ()) -> Collected:
    """The items every rule (or those of ``codes``) yields for ``ask``, moved to working
    days where the rule says so, due on or before ``until``, soonest first; at most
    ``ask.limit`` of them."""
    wanted = set(codes)
    found: list[Item] = []
    more = False
    left_out: list[str] = []
    with computing():
        for rule in rules():
            if wanted and rule.code not in wanted:
                continue
            if ask.wide and rule.narrowed_only:
                left_out.append(rule.code)
                continue
            got = list(rule.collect(ask))
            more = more or len(got) >= ask.limit
            found.extend(_moved(rule, item) for item in got)
    found = [item for item in found if item.due <= until]
    found.sort(key=lambda i: (i.due, i.rule.order, i.subject, i.key))
    if len(found) > ask.limit:
        more = True
    return Collected(found[: ask.limit], more, tuple(left_out))


def _moved(rule: Rule, item: Item) -> Item:
    if not rule.moves_to_working_day:
        return item
    due = next_working_day(item.due)
    if due == item.due:
        return item
    return Item(**{**item.__dict__, "due": due})


@dataclass(frozen=True)
class Buckets:
    """The start page's three groups (issue 12): overdue, due this week, the next four weeks."""

    overdue: list[Item]
    this_week: list[Item]
    later: list[Item]
    more: bool

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.this_week or self.later)


def buckets(items: list[Item], today: dt.date, *, more: bool = False) -> Buckets:
    sunday = week_end(today)
    return Buckets(
        overdue=[i for i in items if i.due < today],
        this_week=[i for i in items if today <= i.due <= sunday],
        later=[i for i in items if i.due > sunday],
        more=more,
    )


def for_user(
    user: Any,
    *,
    filters: Filters | None = None,
    horizon_days: int = HORIZON_DAYS,
    limit: int = 50,
    personal: bool = False,
) -> Collected:
    """The user's items from the overdue to ``horizon_days`` ahead (Europe/Oslo days)."""
    filters = filters or Filters()
    today = clock.today()
    until = today + dt.timedelta(days=horizon_days)
    if filters.overdue_only:
        until = today - dt.timedelta(days=1)
    ask = ask_for(user, filters=filters, until=until, limit=limit, personal=personal)
    return collect(ask, until=until, codes=filters.codes)


def ask_for_pathways(ids: list[int], *, until: dt.date, limit: int) -> Ask:
    """Every item on the pathways ``ids``, whoever's it is to do: what the risk status
    reads (fagvei/deadlines/risk.py). The caller has checked that the user may see them;
    the items of groups, counties and organisations are not about one pathway and are
    left out."""
    chosen = list(ids)

    def pathways(*roles: str, stages: Iterable[str] | None = None) -> Any:
        return Pathway.objects.filter(pk__in=chosen).values("pk")

    return Ask(
        today=clock.today(),
        until=until + dt.timedelta(days=LONGEST_MOVE_DAYS),
        limit=limit,
        pathways=pathways,
        schemes=[],
        counties=[],
        organisations=[],
    )
