"""Deadline rules: each app declares the deadlines it computes in its own ``deadlines.py``
and registers them here when it starts; the ``deadlines`` app collects them for the start
page, ``/deadlines/``, the pathway page, reminders and calendar feeds (ARCHITECTURE.md,
"Registries instead of hubs"; DOMAIN.md, "Deadlines the system computes").

A rule computes from the data on every read — there are no stored due dates to drift.
It reads the rows in SQL, restricted to what the asker may be shown (``Ask``), and
yields ``Item``s: what is due, on which day, for which pathway, whose it is to do, the
rule behind it and the page where it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Who an item is for. A member role of a pathway (PathwayMember.Role: "instructor",
# "trade_teacher", …) or one of these:
MANAGERS = "managers"  # those who manage the pathway (coordinator, training office)
PARTICIPANT = "participant"
OWNER = "owner"  # a person named on the row (an action item's owner)
SCHEME_RUNNERS = "scheme_runners"  # the coordinators of the organisation that runs a scheme
COUNTY = "county"  # the county advisers of the county a row was sent to
COMPANY = "company"  # those who manage pathways at the organisation (its training office)


@dataclass(frozen=True)
class Rule:
    code: str
    # What is due, as the lists name it (a lazy translation).
    label: Any
    # The section of the law or the seed the rule comes from, as printed: "ofo. § 9-6".
    citation: str
    responsible: str
    # Ask → the rule's items, at most ``ask.limit`` of them, soonest due first.
    collect: Callable[[Ask], Iterable[Item]] = field(compare=False)
    # Listed in this order among items due the same day.
    order: int = 100
    # A deadline on a weekend or public holiday moves to the next working day.
    moves_to_working_day: bool = False
    # The label names special-category data (a police certificate): e-mails and calendar
    # feeds say only ``neutral_label``.
    neutral_label: Any = None
    # Worked out pathway by pathway in Python (absence: its working days): asked for the
    # whole country only when the list is narrowed to a trade, a scheme, a pathway or a
    # person (``Ask.wide``), as the risk is (issue 12; QUALITY.md's national bar).
    narrowed_only: bool = False

    def public_label(self) -> Any:
        return self.neutral_label or self.label


@dataclass(frozen=True)
class Item:
    rule: Rule
    due: dt.date
    url: str
    # The pathway the item is about, and its participant's name as lists show it; None for
    # an item about a group or an organisation (``subject`` names it then).
    pathway_id: int | None
    subject: str
    # The participant's first name only: what an e-mail may say (DOMAIN.md, "Privacy").
    first_name: str = ""
    # The person whose task it is, when the row names one (an instructor, an owner).
    responsible_person_id: int | None = None
    # A stable name for the item: the reminders remember what they sent by it.
    key: str = ""
    # A short line beside the label (an action item's text); never in e-mails or feeds.
    detail: str = ""


@dataclass
class Ask:
    """What a rule is asked for: its items due on or before ``until`` (as the rule computes
    them, before any move to a working day), on the pathways ``pathways(*roles)`` gives
    for the roles the rule's items are shown to — a queryset of pathway ids, or None for
    every pathway —
    at most ``limit`` of them, soonest first."""

    today: dt.date
    until: dt.date
    limit: int
    # ``pathways(*roles, stages=None)``: ``stages`` narrows to pathways in those stages
    # through the follow table's copy of the stage, on its index (the rule still says
    # which stages it reads).
    pathways: Callable[..., Any]
    # The asker's person (an action item's owner), or None.
    person_id: int | None = None
    # The roles the asker holds in their organisations (a rule may skip a query for
    # those who cannot have rows of it).
    roles: frozenset[str] = frozenset()
    # Schemes, counties and organisations whose items the asker sees; None: all of them.
    schemes: Any = None
    counties: Any = None
    organisations: Any = None
    # Only items whose responsible is this person (the list's filter), or None.
    responsible_person_id: int | None = None
    # The list's other narrowing, for the rows a rule reaches other than through
    # ``pathways`` (what awaits a county, the items of the user's own meetings):
    # ``deadline_rows.narrowed`` applies it.
    scheme_id: int | None = None
    trade_id: int | None = None
    pathway_id: int | None = None
    # True for the administrator's whole country, not narrowed: ``narrowed_only`` rules
    # are not asked then (``Collected.left_out`` names them).
    wide: bool = False
    # What rules of one app share within one ask (read once, e.g. absence's standings).
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def about_groups(self) -> bool:
        """Whether items about a scheme's groups may be listed: not when the list is
        narrowed to a trade or one pathway (a group belongs to a scheme, not to either)."""
        return self.trade_id is None and self.pathway_id is None

    @property
    def about_organisations(self) -> bool:
        """Whether items about an organisation (its approval) may be listed: not when the
        list is narrowed to a scheme or one pathway."""
        return self.scheme_id is None and self.pathway_id is None

    @staticmethod
    def none_of(ids: Any) -> bool:
        """True when ``ids`` is a list that holds nothing: a rule can skip its query."""
        return isinstance(ids, list) and not ids


_RULES: dict[str, Rule] = {}


def register_rule(rule: Rule) -> Rule:
    _RULES[rule.code] = rule
    return rule


def rules() -> list[Rule]:
    return sorted(_RULES.values(), key=lambda r: (r.order, r.code))


def rule(code: str) -> Rule | None:
    return _RULES.get(code)
