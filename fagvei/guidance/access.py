"""Who may read and write a pathway's guidance log, teacher visits and language
assessments.

The policy (issue 11; DOMAIN.md "Privacy", need to know), by the user's role on the
pathway (``pathways.PathwayMember``) and whether they manage it (``can_manage_pathway``):

============================  =====================================  =======================================
record                        written by                             read by
============================  =====================================  =======================================
guidance log (seed 001)       instructor, professional manager,      the writers and the participant
                              those who manage the pathway
teacher visit (seed 002)      trade teacher                          the trade teacher, those who manage the
                                                                     pathway, the professional manager, the
                                                                     instructor, the participant
language progress (seed 002)  Norwegian teacher                      the Norwegian teacher, the trade teacher,
                                                                     those who manage it, the participant
============================  =====================================  =======================================

The mentor reads none of them. One who follows the pathway but may not read a record
gets 404 for it (the same answer as a pathway they do not follow); a reader asking to
write gets 403. Every path (page, API) goes through ``get_pathway_records_for``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.pathways.access import get_pathway_for
from fagvei.pathways.models import Pathway, PathwayMember, Stage

from .models import GuidanceEntry, LanguageAssessment, TeacherVisit

R = PathwayMember.Role

GUIDANCE_WRITERS = frozenset({R.INSTRUCTOR, R.PROFESSIONAL_MANAGER})
VISIT_WRITERS = frozenset({R.TRADE_TEACHER})
VISIT_READERS = frozenset({R.TRADE_TEACHER, R.PROFESSIONAL_MANAGER, R.INSTRUCTOR})
LANGUAGE_WRITERS = frozenset({R.NORWEGIAN_TEACHER})
LANGUAGE_READERS = frozenset({R.NORWEGIAN_TEACHER, R.TRADE_TEACHER})

# The kinds of record, as the fetch helper is asked for them.
GUIDANCE, VISITS, LANGUAGE = "guidance", "visits", "language"


@dataclass(frozen=True)
class Rights:
    """What one user may do with one pathway's records."""

    read_guidance: bool = False
    write_guidance: bool = False
    read_visits: bool = False
    write_visits: bool = False
    read_language: bool = False
    write_language: bool = False

    def reads(self, kind: str) -> bool:
        return bool(getattr(self, f"read_{kind}"))

    def writes(self, kind: str) -> bool:
        return bool(getattr(self, f"write_{kind}"))


def roles_on(user: Any, pathway: Any) -> frozenset[str]:
    """The user's roles on the pathway: from the members the pathway page has loaded, or
    one query."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return frozenset()
    cache = getattr(pathway, "_prefetched_objects_cache", {})
    if "members" in cache:
        return frozenset(m.role for m in cache["members"] if m.person_id == person_id)
    return frozenset(
        PathwayMember.objects.filter(pathway_id=pathway.pk, person_id=person_id).values_list("role", flat=True)
    )


def rights_for(user: Any, pathway: Any) -> Rights:
    """The user's rights on the pathway's records (the pathway from ``get_pathway_for``,
    ``can_manage`` set)."""
    manages = bool(getattr(pathway, "can_manage", False))
    roles = roles_on(user, pathway)
    person_id = scope_for(user).person_id
    participant = person_id is not None and pathway.participant_id == person_id
    write_guidance = manages or bool(roles & GUIDANCE_WRITERS)
    write_visits = bool(roles & VISIT_WRITERS)
    write_language = bool(roles & LANGUAGE_WRITERS)
    return Rights(
        read_guidance=write_guidance or participant,
        write_guidance=write_guidance,
        read_visits=manages or participant or bool(roles & VISIT_READERS),
        write_visits=write_visits,
        read_language=manages or participant or bool(roles & LANGUAGE_READERS),
        write_language=write_language,
    )


def get_pathway_records_for(user: Any, pathway_id: Any, kind: str, *, write: bool = False) -> Any:
    """The pathway, marked with ``can_manage`` and ``rights``, if the user may read its
    records of this kind (404 otherwise); 403 when ``write`` is asked for by a reader."""
    pathway = get_pathway_for(user, pathway_id)
    rights = rights_for(user, pathway)
    if not rights.reads(kind):
        raise Http404
    if write and not rights.writes(kind):
        raise PermissionDenied
    pathway.rights = rights  # type: ignore[attr-defined]
    return pathway


def guidance_entries(pathway: Any) -> QuerySet[GuidanceEntry]:
    return GuidanceEntry.objects.filter(pathway_id=pathway.pk).select_related("author__person")


def teacher_visits(pathway: Any) -> QuerySet[TeacherVisit]:
    return TeacherVisit.objects.filter(pathway_id=pathway.pk).select_related("author__person")


def language_assessments(pathway: Any) -> QuerySet[LanguageAssessment]:
    return LanguageAssessment.objects.filter(pathway_id=pathway.pk).select_related("author__person")


def my_visit_pathways(user: Any) -> QuerySet[Pathway]:
    """The pathways in training on which the user is the trade teacher ("Mine deltakere"),
    each with the date of its last visit (``last_visit``), in one query."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return Pathway.objects.none()
    last = (
        TeacherVisit.objects.filter(pathway_id=OuterRef("pk"))
        .order_by()
        .values("pathway_id")
        .annotate(last=Max("visited_on"))
        .values("last")
    )
    teacher = PathwayMember.objects.filter(pathway_id=OuterRef("pk"), person_id=person_id, role=R.TRADE_TEACHER)
    return (
        Pathway.objects.filter(Exists(teacher), stage=Stage.IN_TRAINING)
        .select_related("participant", "trade", "scheme", "workplace")
        .annotate(last_visit=Subquery(last[:1]))
    )
