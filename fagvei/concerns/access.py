"""Who may know of a concern, read it and act on it: need to know (DOMAIN.md "Privacy";
issue 14). The categories name health and substance use, special categories under
GDPR art. 9 (legal basis ol. § 25-1), so the circle is small:

- **Handlers** read all of it and take its steps: those who manage the pathway (its
  koordinator, the training-office adviser; the administrator), and the person who
  raised it (e.g. the professional manager), while they follow the pathway.
- **The county adviser** of the concern's county reads it once the county has been
  informed (seed 004: before the clarification meeting), without following the pathway.
- **The participant** reads their own case.
- **Others on the pathway** (mentor, instructor, teachers, a professional manager who did
  not raise it) do not know of the concern: they are told only that a follow-up plan
  exists, and see the goals they are responsible for. A concern page is a 404 to them,
  the same answer as an id that does not exist.

The professional manager, the trade teacher and the workplace manager on a pathway may
register a concern (the company and the school, seed 004); they then read what they
raised. Every read of a concern is logged by the page or API call that shows it, with
the reader's relation to it (``Reading``).
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import Role
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access, log_accesses
from fagvei.pathways.models import Follow, PathwayMember

from .models import COUNTY_INFORMED, Concern, ConcernCategory, ConcernNote, PlanGoal, PlanSignature, Status


class Reading(StrEnum):
    """A reader's relation to a concern: what the access log records as their role."""

    ADMINISTRATOR = "admin"
    MANAGER = "manager"
    RAISED_BY = "raised_by"
    COUNTY_ADVISER = "county_adviser"
    PARTICIPANT = "participant"


HANDLING = (Reading.ADMINISTRATOR, Reading.MANAGER, Reading.RAISED_BY)
# The roles on a pathway that may register a concern besides those who manage it: the
# company and the school (seed 004, "Bekymring i bedriften"; issue 14).
REGISTERING_ROLES = (
    PathwayMember.Role.PROFESSIONAL_MANAGER,
    PathwayMember.Role.TRADE_TEACHER,
    PathwayMember.Role.WORKPLACE_MANAGER,
)
# What a page about a concern shows of the rows it points to.
SHOWN = ("pathway__participant", "pathway__trade", "pathway__workplace", "raised_by", "county")


def _concerns() -> QuerySet[Concern]:
    return Concern.objects.select_related(*SHOWN).prefetch_related(
        Prefetch("categories", queryset=ConcernCategory.objects.order_by("id")),
        Prefetch("goals", queryset=PlanGoal.objects.select_related("responsible")),
        Prefetch("notes", queryset=ConcernNote.objects.select_related("author__person")),
        Prefetch("signatures", queryset=PlanSignature.objects.select_related("recorded_by__person")),
    )


def county_ids(user: Any) -> list[int]:
    return scope_for(user).orgs_with(Role.COUNTY_ADVISER)


def _member_roles(user: Any, pathway: Any) -> set[str]:
    person_id = scope_for(user).person_id
    if person_id is None:
        return set()
    loaded = getattr(pathway, "_prefetched_objects_cache", {}).get("members")
    if loaded is not None:  # the pathway page loaded them (pathways.access.load_details)
        return {m.role for m in loaded if m.person_id == person_id}
    return set(PathwayMember.objects.filter(pathway_id=pathway.pk, person_id=person_id).values_list("role", flat=True))


def may_register(user: Any, pathway: Any) -> bool:
    """The pathway comes from ``get_pathway_for`` (``can_manage`` set)."""
    if getattr(pathway, "can_manage", False):
        return True
    return bool(_member_roles(user, pathway) & set(REGISTERING_ROLES))


def reading_of(user: Any, concern: Concern, *, follows: bool, manages: bool) -> Reading | None:
    """The user's relation to the concern, or None when they may not know of it.
    ``follows``/``manages``: whether the user follows and manages its pathway."""
    scope = scope_for(user)
    if scope.is_admin:
        return Reading.ADMINISTRATOR
    if manages and scope.is_caseworker:
        return Reading.MANAGER
    if follows and concern.raised_by_id == user.pk:
        return Reading.RAISED_BY
    if follows and scope.person_id is not None and scope.person_id == concern.pathway.participant_id:
        return Reading.PARTICIPANT
    if concern.status in COUNTY_INFORMED and concern.county_id in county_ids(user):
        return Reading.COUNTY_ADVISER
    return None


def get_concern_for(user: Any, concern_id: Any, *, write: bool = False) -> Concern:
    """The concern with this id if the user may read it (404 otherwise, the same answer as
    an id that does not exist), marked with ``reading`` and ``can_handle``; 403 when
    ``write`` is asked for by one who may only read it. Five queries: the concern with
    what it shows, its categories, goals and notes, and the user's follow row."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        pk = int(concern_id)
        concern = _concerns().filter(pk=pk).first()
    except (TypeError, ValueError, OverflowError) as exc:  # not an id, or past 64 bits
        raise Http404 from exc
    if concern is None:
        raise Http404
    follow = Follow.objects.filter(user_id=user.pk, pathway_id=concern.pathway_id).values_list("manages", flat=True)
    manages = next(iter(follow), None)
    reading = reading_of(user, concern, follows=manages is not None, manages=bool(manages))
    if reading is None:
        raise Http404
    concern.reading = reading  # type: ignore[attr-defined]
    concern.can_handle = reading in HANDLING  # type: ignore[attr-defined]
    concern.pathway.can_manage = reading in (Reading.ADMINISTRATOR, Reading.MANAGER)  # type: ignore[attr-defined]
    if write and not concern.can_handle:  # type: ignore[attr-defined]
        raise PermissionDenied
    return concern


def known_concerns(user: Any) -> QuerySet[Concern]:
    """Every concern the user may know of, as one query (``reading_of`` for a queryset):
    for the rows of other apps that belong to a concern — its meetings."""
    scope = scope_for(user)
    if scope.is_admin:
        return Concern.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Concern.objects.none()
    follows = Follow.objects.filter(user_id=user.pk, pathway_id=OuterRef("pathway_id"))
    rule = Q(Exists(follows), raised_by_id=user.pk)
    if scope.is_caseworker:
        rule |= Q(Exists(follows.filter(manages=True)))
    if scope.person_id is not None:
        rule |= Q(Exists(follows), pathway__participant_id=scope.person_id)
    counties = county_ids(user)
    if counties:
        rule |= Q(status__in=COUNTY_INFORMED, county_id__in=counties)
    return Concern.objects.filter(rule)


def meeting_rule(user: Any) -> Q:
    """Need to know for the follow-up app's meetings (registered in ``core.registry``):
    a concern conversation or clarification meeting is known only to those who may know
    of its concern — never to a mentor, instructor or teacher on the pathway."""
    if scope_for(user).is_admin:
        return Q()
    # Correlated, so that each meeting in hand is tested by its concern's key, not every
    # concern in the country read first.
    return Q(concern__isnull=True) | Q(Exists(known_concerns(user).filter(pk=OuterRef("concern_id"))))


def pathway_concerns(user: Any, pathway: Any) -> QuerySet[Concern]:
    """The concerns on the pathway the user may read (the pathway from
    ``get_pathway_for``, ``can_manage`` set): all of them for those who manage it and for
    its participant; else those the user raised, and those sent to the user's county."""
    qs = _concerns().filter(pathway_id=pathway.pk)
    scope = scope_for(user)
    if getattr(pathway, "can_manage", False) or scope.is_admin:
        return qs
    if scope.person_id is not None and scope.person_id == pathway.participant_id:
        return qs
    rule = Q(raised_by_id=user.pk)
    counties = county_ids(user)
    if counties:
        rule |= Q(status__in=COUNTY_INFORMED, county_id__in=counties)
    return qs.filter(rule)


def reading_on_pathway(user: Any, pathway: Any, concern: Concern) -> Reading:
    """For a concern from ``pathway_concerns``: the reader's relation to it."""
    reading = reading_of(user, concern, follows=True, manages=bool(getattr(pathway, "can_manage", False)))
    assert reading is not None  # noqa: S101 - pathway_concerns chose only what the user may read
    return reading


def county_concerns(user: Any) -> QuerySet[Concern]:
    """The concerns the county has been informed of, for its advisers (all of them for the
    administrator), newest first: the county adviser's list (seed 004: "Rådgiver ved
    fagopplæring skal informeres")."""
    qs = Concern.objects.select_related(*SHOWN).filter(status__in=COUNTY_INFORMED)
    if scope_for(user).is_admin:
        return qs.order_by("-county_informed_at", "-id")
    counties = county_ids(user)
    if not counties:
        return qs.none()
    return qs.filter(county_id__in=counties).order_by("-county_informed_at", "-id")


def may_know_of_concerns(user: Any, pathway: Any) -> bool:
    """Whether the pathway's concerns page is the user's to open: to register a concern or
    to read one (others get 404 there)."""
    return may_register(user, pathway) or pathway_concerns(user, pathway).exists()


def shown_notes(concern: Concern) -> list[ConcernNote]:
    """The concern's notes the reader (``reading`` set by ``get_concern_for`` or
    ``reading_on_pathway``) is shown: all of them to those who handle it and to the county
    adviser; to the participant, those not marked internal."""
    notes = list(concern.notes.all())
    if getattr(concern, "reading", None) == Reading.PARTICIPANT:
        return [n for n in notes if not n.internal]
    return notes


def may_have_packet(concern: Concern) -> bool:
    """Whether the reader of a concern from ``get_concern_for`` may have the case packet:
    those who handle it (the koordinator downloads it for the county's secure channel)
    and the county adviser (issue 14, item 6). The participant reads their case on its
    page; the packet, made for the county, holds others' internal notes."""
    return getattr(concern, "reading", None) in (*HANDLING, Reading.COUNTY_ADVISER)


def log_concern_read(request: HttpRequest, concern: Concern, what: str) -> None:
    """Log that the user was shown the concern (from ``get_concern_for``), naming what
    showed it and the role they read it in. Special-category data: never the data itself."""
    reading = getattr(concern, "reading", "")
    log_access(request, concern, purpose=AccessLog.Purpose.SENSITIVE, detail=f"{what}; role={reading}")


def log_concern_reads(request: HttpRequest, concerns: list[Concern], readings: list[str], what: str) -> None:
    """One access-log row per concern shown on a list, naming the reader's role for
    each: one insert per role, whatever the number of concerns."""
    grouped: dict[str, list[Concern]] = defaultdict(list)
    for concern, reading in zip(concerns, readings, strict=True):
        grouped[reading].append(concern)
    for reading, shown in grouped.items():
        log_accesses(request, shown, purpose=AccessLog.Purpose.SENSITIVE, detail=f"{what}; role={reading}")


def goals_for(user: Any, pathway: Any) -> list[PlanGoal]:
    """The goals of the pathway's live follow-up plans the user is responsible for: all a
    mentor, instructor or teacher sees of a concern."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return []
    return list(
        PlanGoal.objects.filter(
            concern__pathway_id=pathway.pk,
            concern__status__in=(Status.PLAN_AGREED, Status.FOLLOW_UP),
            responsible_id=person_id,
        ).order_by("deadline", "id")
    )


def get_goal_for(user: Any, goal_id: Any) -> PlanGoal:
    """A goal of a live follow-up plan, for the person responsible for it (a mentor,
    instructor or teacher included: all they see of the concern is this goal) or one who
    may read its concern; 404 otherwise, the same answer as an id that does not exist.
    Marked with ``concern_reading`` (None for one who sees only the goal)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        goal = PlanGoal.objects.select_related("concern__pathway").filter(pk=int(goal_id)).first()
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if goal is None:
        raise Http404
    concern = goal.concern
    follow = Follow.objects.filter(user_id=user.pk, pathway_id=concern.pathway_id).values_list("manages", flat=True)
    manages = next(iter(follow), None)
    reading = reading_of(user, concern, follows=manages is not None, manages=bool(manages))
    responsible = manages is not None and scope_for(user).person_id == goal.responsible_id
    if reading is None and not responsible:
        raise Http404
    goal.concern_reading = reading  # type: ignore[attr-defined]
    return goal
