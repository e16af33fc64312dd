"""The states of a plan goal's progress and of a half-yearly assessment.

A goal moves not started → in progress → achieved, and back one step when the plan is
corrected; it is never marked achieved without having been underway.

An assessment (ofo. § 9-13) goes draft → signed by the instructor → signed by the
professional manager → read by the participant. Each step is taken by one role on the
pathway (``ROLE``); after the instructor's signature the content is locked.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.transitions import Missing, Transition, table
from fagvei.pathways.models import PathwayMember

from .models import AssessmentStatus, Progress

# Plan goals: from → the states it may go to.
PROGRESS_STEPS: dict[str, frozenset[str]] = {
    Progress.NOT_STARTED: frozenset({Progress.IN_PROGRESS}),
    Progress.IN_PROGRESS: frozenset({Progress.NOT_STARTED, Progress.ACHIEVED}),
    Progress.ACHIEVED: frozenset({Progress.IN_PROGRESS}),
}


def progress_allowed(current: str, target: str) -> bool:
    return current == target or target in PROGRESS_STEPS.get(current, frozenset())


def _overall_written(assessment: Any) -> list[Missing]:
    if not (assessment.overall or "").strip():
        return [Missing(_("The overall comment has not been written."), "overall")]
    return []


TRANSITIONS: dict[str, Transition] = table(
    [
        Transition(
            "sign_instructor",
            _("Sign as instructor"),
            frozenset({AssessmentStatus.DRAFT}),
            AssessmentStatus.INSTRUCTOR_SIGNED,
            "instructor_signed_at",
            "fagvei.plans.services.sign_as_instructor",
            check=_overall_written,
        ),
        Transition(
            "sign_manager",
            _("Sign as professional manager"),
            frozenset({AssessmentStatus.INSTRUCTOR_SIGNED}),
            AssessmentStatus.MANAGER_SIGNED,
            "manager_signed_at",
            "fagvei.plans.services.sign_as_manager",
        ),
        Transition(
            "confirm_read",
            _("I have read the assessment"),
            frozenset({AssessmentStatus.MANAGER_SIGNED}),
            AssessmentStatus.READ,
            "read_at",
            "fagvei.plans.services.confirm_read",
        ),
    ]
)

# Who takes each step: the role the user's person holds on the pathway (ofo. § 9-13, seed 001).
ROLE = {
    "sign_instructor": PathwayMember.Role.INSTRUCTOR,
    "sign_manager": PathwayMember.Role.PROFESSIONAL_MANAGER,
    "confirm_read": "participant",
}
# Who the steps record.
SIGNER_FIELD = {
    "sign_instructor": "instructor_signed_by",
    "sign_manager": "manager_signed_by",
    "confirm_read": "read_by",
}
