"""Who may see and change a pathway's training plan and its half-yearly assessments.

The policy (issue 11; ol. § 7-10, ofo. § 9-13; DOMAIN.md "Privacy", need to know):

- The plan is changed by those who manage the pathway (``can_manage_pathway``) and by the
  professional manager and the instructor on it (seed 001: the professional manager keeps
  it). It is read by those, and by the mentor, the trade teacher and the Norwegian teacher
  on the pathway and by the participant ("a mentor sees the plan and tasks of their
  participant"). The trade teacher comments on it.
- An assessment is drafted by the instructor, the professional manager or one who manages
  the pathway; the instructor and the professional manager on the pathway sign it. Those
  read every assessment of the pathway. The other readers of the plan, the participant
  among them, see an assessment once both have signed.

Anyone else following the pathway, or not following it, gets 404 — the same answer as an
id that does not exist; a reader asking to write gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fagvei.accounts.access import scope_for
from fagvei.pathways.access import get_pathway_for
from fagvei.pathways.models import PathwayMember

from .models import Assessment, AssessmentStatus

R = PathwayMember.Role
# ol. § 7-10, seed 001: who keeps the plan and drafts the assessments besides the managers.
EDIT_ROLES = frozenset({R.PROFESSIONAL_MANAGER, R.INSTRUCTOR})
READ_ROLES = EDIT_ROLES | {R.MENTOR, R.TRADE_TEACHER, R.NORWEGIAN_TEACHER}
# What a reader who does not draft sees of the assessments: those signed by both.
SIGNED = (AssessmentStatus.MANAGER_SIGNED, AssessmentStatus.READ)


def roles_on(user: Any, pathway: Any) -> frozenset[str]:
    """The roles the user's person holds on the pathway, "participant" among them. Read
    from ``pathway.members`` (prefetched by the pathway page; else one query)."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return frozenset()
    held = {m.role for m in pathway.members.all() if m.person_id == person_id}
    if pathway.participant_id == person_id:
        held.add("participant")
    return frozenset(held)


def mark(user: Any, pathway: Any) -> Any:
    """Mark a pathway the user follows (from ``get_pathway_for``) with what they may do
    with its plan and assessments: ``plan_roles``, ``can_read_plan``, ``can_edit_plan``,
    ``can_comment_plan``, ``reads_drafts``."""
    roles = roles_on(user, pathway)
    manage = bool(getattr(pathway, "can_manage", False))
    pathway.plan_roles = roles
    pathway.can_edit_plan = manage or bool(roles & EDIT_ROLES)
    pathway.can_read_plan = pathway.can_edit_plan or bool(roles & READ_ROLES) or "participant" in roles
    pathway.can_comment_plan = R.TRADE_TEACHER in roles
    pathway.reads_drafts = pathway.can_edit_plan
    return pathway


def get_plan_pathway_for(user: Any, pathway_id: Any, *, write: bool = False) -> Any:
    """The pathway if the user may read its plan (404 otherwise, as for a pathway they do
    not follow), marked by ``mark``; 403 when ``write`` is asked for by a reader."""
    pathway = mark(user, get_pathway_for(user, pathway_id))
    if not pathway.can_read_plan:
        raise Http404
    if write and not pathway.can_edit_plan:
        raise PermissionDenied
    return pathway


def pathway_assessments(pathway: Any) -> Any:
    """The assessments of a marked pathway the user may read."""
    qs = Assessment.objects.filter(pathway_id=pathway.pk).select_related(
        "instructor_signed_by", "manager_signed_by", "read_by"
    )
    if getattr(pathway, "reads_drafts", False):
        return qs
    return qs.filter(status__in=SIGNED)


def get_assessment_for(user: Any, assessment_id: Any, *, write: bool = False) -> Assessment:
    """The assessment if the user may read it (404 otherwise: also a draft for one who
    sees only signed ones), with its pathway marked by ``mark``; 403 when ``write`` is
    asked for by one who may only read it."""
    try:
        pk = int(assessment_id)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    row = Assessment.objects.filter(pk=pk).values_list("pathway_id", flat=True).first()
    if row is None:
        raise Http404
    pathway = get_plan_pathway_for(user, row)
    assessment = pathway_assessments(pathway).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    assessment.pathway = pathway
    if write and not pathway.can_edit_plan and "participant" not in pathway.plan_roles:
        raise PermissionDenied
    return assessment
