"""An exam entry's status: one table of allowed steps.

planned → registered → held → result recorded; planned or registered → withdrawn.
Two steps of their own make a new entry beside the old one: a registered test is
postponed after a documented absence (ofo. § 9-67), and a failed one gives a new test
(ofo. § 9-66). Dates and the test site are kept while the entry is registered
(``schedule``) without a change of status. The domain functions in ``services.py``
apply the table; the pages offer only what it allows now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.pathways.models import Track

from .models import Kind, Status


@dataclass(frozen=True)
class Step:
    name: str
    label: Any
    sources: frozenset[str]
    # The entry's status after the step (a postponement and a new test also make a new
    # entry, planned or registered).
    target: str


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step("register", _("Record the registration"), frozenset({Status.PLANNED}), Status.REGISTERED),
        Step("schedule", _("Record dates and test site"), frozenset({Status.REGISTERED}), Status.REGISTERED),
        Step("hold", _("Mark as held"), frozenset({Status.REGISTERED}), Status.HELD),
        Step("record_result", _("Record the result"), frozenset({Status.HELD}), Status.RESULT_RECORDED),
        # ofo. § 9-67: a postponed test after documented, unforeseeable absence.
        Step("postpone", _("Postpone after documented absence"), frozenset({Status.REGISTERED}), Status.POSTPONED),
        # ofo. § 9-66: one new test after a fail (the old entry keeps its result).
        Step("retake", _("Plan a new test"), frozenset({Status.RESULT_RECORDED}), Status.RESULT_RECORDED),
        Step("withdraw", _("Withdraw"), frozenset({Status.PLANNED, Status.REGISTERED}), Status.WITHDRAWN),
    ]
}


def allowed(step: str, entry: Any) -> bool:
    if entry.status not in STEPS[step].sources:
        return False
    if step == "retake":
        return bool(entry.failed)
    return True


# ofo. § 9-25 third ledd: the exam rules apply to apprentices, fagbrev-på-jobb candidates
# and experience candidates; a training candidate sits no central written exam.
WRITTEN_EXAM_TRACKS = frozenset({Track.APPRENTICE, Track.EXPERIENCE_CANDIDATE, Track.AT_WORK, Track.ALTERNATIVE})
# The normal route: an apprentice from Vg2 in school (curricula's "vurderingsordning").
NORMAL_ROUTE = frozenset({Track.APPRENTICE})
# ofo. § 9-48 third ledd: experience candidates and fagbrev-på-jobb candidates need no
# common subjects; the municipal scheme of seed 002 builds on fagbrev på jobb.
NO_COMMON_SUBJECTS = frozenset({Track.EXPERIENCE_CANDIDATE, Track.AT_WORK, Track.ALTERNATIVE})


def written_exam_required(trade: Any, track: str) -> bool:
    """Whether the trade asks this track to pass the written exam before the trade test
    (ROF: everyone; BUA and HEA: those not on the normal route)."""
    if track not in WRITTEN_EXAM_TRACKS:
        return False
    rule = trade.written_exam_rule
    if rule == "everyone":
        return True
    if rule == "not_normal_route":
        return track not in NORMAL_ROUTE
    return False


def final_test_label(trade: Any, track: str) -> Any:
    """What the trade test is called for this participant: a competence test for a
    training candidate (kompetanseprøve), else the trade's final test."""
    if track == Track.TRAINING_CANDIDATE:
        return _("Competence test")
    if getattr(trade, "final_test", "") == "journeyman_test":
        return _("Journeyman's test")
    return Kind.TRADE_TEST.label
