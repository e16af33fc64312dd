"""Who may see and change a pathway's exams and tests.

The policy (DOMAIN.md "Privacy", need to know), by the user's relation to the pathway:

=================================  ======================================  ====================================
who                                reads                                   writes
=================================  ======================================  ====================================
those who manage the pathway       every entry, the recommendations        plan, register, dates, results,
(coordinator, training office)                                             postponement, new test, withdrawal
the participant                    their own entries and results           nothing
trade teacher                      every entry                             the recommendation for the trade test
Norwegian teacher                  every entry                             the recommendation for the Norwegian
                                                                           test
professional manager, instructor   every entry (the company's test)        nothing
mentor, workplace manager,         nothing: 404                            nothing
county adviser
=================================  ======================================  ====================================

One who follows the pathway but may not read its exams gets 404 (the same answer as a
pathway they do not follow); a reader asking to write gets 403. Every path (page, API)
goes through ``get_exams_for`` and ``get_entry_for``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.guidance.access import roles_on
from fagvei.pathways.access import get_pathway_for, visible_pathways
from fagvei.pathways.models import Follow, Pathway, PathwayMember

from .models import ExamEntry, Kind, Recommendation

R = PathwayMember.Role
READERS = frozenset({R.TRADE_TEACHER, R.NORWEGIAN_TEACHER, R.PROFESSIONAL_MANAGER, R.INSTRUCTOR})
RECOMMENDS: dict[str, str] = {R.TRADE_TEACHER: Kind.TRADE_TEST, R.NORWEGIAN_TEACHER: Kind.NORWEGIAN}


@dataclass(frozen=True)
class Rights:
    read: bool = False
    manage: bool = False
    participant: bool = False
    # The kinds of test the user recommends registration for (a teacher on the pathway).
    recommends: frozenset[str] = frozenset()


def rights_for(user: Any, pathway: Any) -> Rights:
    """The user's rights on the pathway's exams (the pathway from ``get_pathway_for``,
    ``can_manage`` set)."""
    manages = bool(getattr(pathway, "can_manage", False))
    roles = roles_on(user, pathway)
    person_id = scope_for(user).person_id
    participant = person_id is not None and pathway.participant_id == person_id
    return Rights(
        read=manages or participant or bool(roles & READERS),
        manage=manages,
        participant=participant,
        recommends=frozenset(RECOMMENDS[r] for r in roles if r in RECOMMENDS),
    )


def get_exams_for(user: Any, pathway_id: Any, *, write: bool = False, recommend: bool = False) -> Any:
    """The pathway, marked with ``can_manage`` and ``exam_rights``, if the user may read its
    exams (404 otherwise); 403 when ``write`` (manage) or ``recommend`` is asked for by one
    who may not."""
    pathway = get_pathway_for(user, pathway_id)
    rights = rights_for(user, pathway)
    if not rights.read:
        raise Http404
    if write and not rights.manage:
        raise PermissionDenied
    if recommend and not rights.recommends:
        raise PermissionDenied
    pathway.exam_rights = rights  # type: ignore[attr-defined]
    return pathway


def get_entry_for(user: Any, entry_id: Any, *, write: bool = False) -> ExamEntry:
    """An exam entry on a pathway whose exams the user may read (404 otherwise, the same
    answer as an id that does not exist), with its pathway; 403 when ``write`` is asked
    for by a reader."""
    try:
        pk = int(entry_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    pathway_id = ExamEntry.objects.filter(pk=pk).values_list("pathway_id", flat=True).first()
    if pathway_id is None:
        raise Http404
    pathway = get_exams_for(user, pathway_id, write=write)
    entry = ExamEntry.objects.select_related("protocol", "follows").get(pk=pk)
    entry.pathway = pathway
    return entry


def entries_of(pathway: Any) -> list[ExamEntry]:
    """The pathway's entries, oldest first, with what they point at: one query."""
    return list(ExamEntry.objects.filter(pathway_id=pathway.pk).select_related("protocol").order_by("planned_at", "id"))


def latest_recommendations(pathway: Any) -> dict[str, Recommendation]:
    """The latest recommendation of each kind, by kind: one query."""
    found: dict[str, Recommendation] = {}
    for row in Recommendation.objects.filter(pathway_id=pathway.pk).select_related("author__person")[:20]:
        found.setdefault(row.kind, row)
    return found


def managed_pathways(user: Any) -> QuerySet[Pathway]:
    """The pathways whose exams the user keeps: those they manage (every one for the
    administrator); none for anyone else."""
    scope = scope_for(user)
    qs = visible_pathways(user)
    if scope.is_admin:
        return qs
    if not scope.is_caseworker:
        return qs.none()
    managed = Follow.objects.filter(user_id=user.pk, manages=True).values("pathway_id")
    return qs.filter(pk__in=managed)
