"""The contract's status: one table of allowed steps, and what each needs first.

draft → submitted → approved, or returned → submitted again; from submitted or approved
the contract is terminated by agreement, or its cancellation is asked for and the county
cancels it or refuses. The domain functions in ``services.py`` apply the table; the
contract page offers only what it allows now and says what is missing for the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.pathways.models import Track

from .models import Kind, Status


@dataclass(frozen=True)
class Step:
    name: str
    label: Any
    sources: frozenset[str]
    # None: the step decides (a refused cancellation goes back to where it came from).
    target: str | None


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "submit",
            _("Send the application to the county"),
            frozenset({Status.DRAFT, Status.RETURNED}),
            Status.SUBMITTED,
        ),
        Step("approve", _("Approve the contract"), frozenset({Status.SUBMITTED}), Status.APPROVED),
        Step("return", _("Return the application"), frozenset({Status.SUBMITTED}), Status.RETURNED),
        # ol. § 7-2 second ledd: an approved contract changes only with the county's consent.
        Step("request_change", _("Ask the county for a change"), frozenset({Status.APPROVED}), None),
        Step("interrupt", _("Register an interruption"), frozenset({Status.SUBMITTED, Status.APPROVED}), None),
        # ol. § 7-3 first ledd: termination by agreement, the county told in writing before.
        Step(
            "terminate",
            _("Terminate by agreement"),
            frozenset({Status.SUBMITTED, Status.APPROVED}),
            Status.TERMINATED,
        ),
        # ol. § 7-3 second ledd: cancellation is the county's decision.
        Step(
            "request_cancellation",
            _("Ask the county to cancel the contract"),
            frozenset({Status.SUBMITTED, Status.APPROVED}),
            Status.CANCELLATION_REQUESTED,
        ),
        Step("cancel", _("Cancel the contract"), frozenset({Status.CANCELLATION_REQUESTED}), Status.CANCELLED),
        Step("refuse_cancellation", _("Refuse the cancellation"), frozenset({Status.CANCELLATION_REQUESTED}), None),
    ]
}


def allowed(step: str, status: str) -> bool:
    return status in STEPS[step].sources


# ol. § 7-1: the kind of contract follows the kind of trainee. The municipal alternative
# route of seed 002 applies for the county's training contract for fagbrev på jobb, or an
# ordinary training contract.
KINDS_BY_TRACK: dict[str, tuple[str, ...]] = {
    Track.APPRENTICE: (Kind.APPRENTICESHIP,),
    Track.TRAINING_CANDIDATE: (Kind.TRAINING,),
    Track.EXPERIENCE_CANDIDATE: (Kind.TRAINING,),
    Track.AT_WORK: (Kind.AT_WORK,),
    Track.ALTERNATIVE: (Kind.AT_WORK, Kind.TRAINING),
}

# ofo. § 9-58: fagbrev på jobb needs at least one year of full-time practice before the
# contract (80 % counts pro rata) and a contract of at least one year.
AT_WORK_MIN_PRACTICE_YEARS = Decimal("1.0")


def one_year_after(start: dt.date) -> dt.date:
    try:
        return start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def at_work_problems(
    kind: str, start: dt.date | None, end: dt.date | None, practice: Decimal | None
) -> list[tuple[str, str]]:
    """What ofo. § 9-58 finds wrong with a fagbrev-på-jobb contract, as (field, message)."""
    if kind != Kind.AT_WORK:
        return []
    problems: list[tuple[str, str]] = []
    if practice is None or practice < AT_WORK_MIN_PRACTICE_YEARS:
        problems.append(
            (
                "prior_practice_years",
                str(
                    _(
                        "Relevant practice: fagbrev på jobb needs at least one year of full-time practice in the"
                        " trade before the contract (ofo. § 9-58)."
                    )
                ),
            )
        )
    if start is not None and end is not None and end < one_year_after(start):
        problems.append(
            (
                "end_date",
                str(_("End of training: a fagbrev-på-jobb contract runs for at least one year (ofo. § 9-58).")),
            )
        )
    return problems
