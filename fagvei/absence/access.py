"""Who may see and register absence on a pathway.

The policy (issue 11; DOMAIN.md "Privacy", need to know — an own sick report or a
doctor's note is health data):

- **Reasons** (each period with its kind and note), and registering, correcting and
  deleting periods: those who manage the pathway (``can_manage_pathway``: its
  coordinator, the caseworkers of the organisation that runs its scheme, the training
  office, the administrator) and the pathway's professional manager (seed 001).
- **Periods**: the participant sees their own periods (dates and extent), not the kind
  or note, and the participation rate.
- **Rate only**: the instructor and the mentor on the pathway see the participation rate
  and the days absent in total, never the periods.
- Anyone else — another follower of the pathway (a teacher, an adviser) or someone who
  does not follow it — gets 404 on the absence page and in the API; a reader asking to
  write gets 403.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.pathways.access import can_manage_pathway, get_pathway_for
from fagvei.pathways.models import PathwayMember

from .models import Absence

Role = PathwayMember.Role
RATE_ROLES = (Role.INSTRUCTOR, Role.MENTOR)


class Sight(IntEnum):
    NONE = 0
    RATE = 1
    PERIODS = 2
    REASONS = 3


def _roles(pathway: Any, person_id: int) -> set[str]:
    """The person's roles on the pathway: from the members already loaded (the pathway
    page loads them), else one query."""
    cache = getattr(pathway, "_prefetched_objects_cache", {})
    if "members" in cache:
        return {m.role for m in cache["members"] if m.person_id == person_id}
    return set(PathwayMember.objects.filter(pathway_id=pathway.pk, person_id=person_id).values_list("role", flat=True))


def absence_sight(user: Any, pathway: Any) -> Sight:
    """How much of the pathway's absence the user sees; ``pathway.can_manage`` is read
    when set (the pathway from ``get_pathway_for``)."""
    manages = getattr(pathway, "can_manage", None)
    if manages is None:
        manages = can_manage_pathway(user, pathway)
    if manages:
        return Sight.REASONS
    person_id = scope_for(user).person_id
    if person_id is None:
        return Sight.NONE
    roles = _roles(pathway, person_id)
    if Role.PROFESSIONAL_MANAGER in roles:
        return Sight.REASONS
    if pathway.participant_id == person_id:
        return Sight.PERIODS
    if roles & set(RATE_ROLES):
        return Sight.RATE
    return Sight.NONE


def may_register(user: Any, pathway: Any) -> bool:
    return absence_sight(user, pathway) >= Sight.REASONS


def get_absence_pathway_for(user: Any, pathway_id: Any, *, write: bool = False) -> Any:
    """The pathway if the user sees its absence (404 otherwise: also when they follow it
    without a part in it), marked with ``absence_sight``; 403 when ``write`` is asked for
    by one who may only read."""
    pathway = get_pathway_for(user, pathway_id)
    sight = absence_sight(user, pathway)
    if sight == Sight.NONE:
        raise Http404
    pathway.absence_sight = sight
    if write and sight < Sight.REASONS:
        raise PermissionDenied
    return pathway


def get_absence_for(user: Any, absence_id: Any, *, write: bool = False) -> Absence:
    """A period of absence the user may see (the participant their own, those who see
    reasons all of the pathway's; 404 otherwise), with its pathway marked as above; 403
    when ``write`` is asked for by one who may only read."""
    try:
        pk = int(absence_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    absence = Absence.objects.filter(pk=pk).first()
    if absence is None:
        raise Http404
    pathway = get_absence_pathway_for(user, absence.pathway_id)
    if pathway.absence_sight < Sight.PERIODS:
        raise Http404
    absence.pathway = pathway
    if write and pathway.absence_sight < Sight.REASONS:
        raise PermissionDenied
    return absence
