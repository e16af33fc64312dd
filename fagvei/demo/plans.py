"""The demo's builder for training plans and half-yearly assessments (ol. § 7-10, ofo.
§ 9-13), through the plans app's domain functions as the users' clicks would.

Every pathway in training gets its internal plan, made by its professional manager (or
the coordinator where the professional manager has no login), with the curriculum's goals
spread over four half-years from the training start: those of half-years gone by achieved
(a few still underway, without evidence), those of the current half-year underway, the
rest ahead. On the pathways of the demo's instructor and professional manager: two
assessments signed by both and awaiting the participant's confirmation, one signed by the
instructor awaiting the professional manager (``fagligleder`` has work), and one draft
(``instruktor`` has work). The trade teacher has commented on one plan.

Runs after the follow-up builder: its events come after each pathway's last one, at the
end of the demo's past.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone

from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.core import clock
from fagvei.pathways.models import Pathway, PathwayMember, Stage
from fagvei.plans import services
from fagvei.plans.models import GoalAssessment, Progress
from fagvei.plans.periods import current_half_year

if TYPE_CHECKING:
    from .load import Build

TASKS = (
    "Morgenstell og personlig hygiene sammen med fadder, deretter selvstendig.",
    "Måltider: servering, ernæringsscreening og oppfølging av væskeinntak.",
    "Rapport og dokumentasjon i journalsystemet ved vaktskifte.",
    "Aktivitet og trivsel: planlegge og lede en aktivitet for beboerne.",
    "Samtaler med pårørende sammen med sykepleier.",
    "Smittevern: rutiner ved isolat og håndhygiene.",
)
EVIDENCE = "Observert av instruktør i arbeid; notat i arbeidsloggen."
OVERALL = (
    "Deltakeren har hatt god framgang dette halvåret og tar mer ansvar i det daglige arbeidet."
    " Dokumentasjon og muntlig rapport trenger fortsatt øving; det følges opp i veiledningen."
)
GOAL_COMMENTS = {
    GoalAssessment.MASTERS: "Utfører oppgavene trygt og selvstendig.",
    GoalAssessment.DEVELOPING: "Er i gang; trenger fortsatt veiledning.",
}
TEACHER_COMMENT = (
    "Planen henger godt sammen med fagteorien på skolen. Foreslår at dokumentasjonsmålene"
    " flyttes fram til halvår 2, slik at de øves parallelt med undervisningen."
)
HALF_YEARS = 4


def _user(person_id: int | None) -> Any:
    return None if person_id is None else User.objects.filter(person_id=person_id).first()


def _members(pathway: Pathway) -> dict[str, int]:
    return {m.role: m.person_id for m in PathwayMember.objects.filter(pathway=pathway).order_by("id")}


class _Moments:
    """Moments at the end of the demo's past, two seconds apart (after every event so far)."""

    def __init__(self, build: Build) -> None:
        self.at = timezone.make_aware(dt.datetime.combine(build.anchor - dt.timedelta(days=1), dt.time(17, 0)))
        last = Event.objects.aggregate(last=Max("at"))["last"]
        if last is not None and last >= self.at:
            self.at = last + dt.timedelta(minutes=1)

    def next(self) -> dt.datetime:
        self.at += dt.timedelta(seconds=2)
        return self.at


def training_plans(build: Build) -> None:
    moments = _Moments(build)
    pathways = Pathway.objects.filter(stage=Stage.IN_TRAINING, curriculum__isnull=False).order_by("pk")
    for pathway in pathways:
        members = _members(pathway)
        keeper = _user(members.get(PathwayMember.Role.PROFESSIONAL_MANAGER)) or build.coordinator
        with clock.frozen_at(moments.next()):
            plan = services.create_plan(actor=keeper, pathway_id=pathway.pk)
        build.count("training_plans")
        now = current_half_year(pathway, build.anchor) or 1
        responsible = members.get(PathwayMember.Role.INSTRUCTOR) or members.get(PathwayMember.Role.MENTOR)
        rows = list(plan.goals.order_by("goal__position", "goal_id"))
        for i, row in enumerate(rows):
            half_year = 1 + (i * HALF_YEARS) // max(len(rows), 1)
            steps: list[str] = []
            if half_year < now:
                steps = [Progress.IN_PROGRESS] if i % 5 == 4 else [Progress.IN_PROGRESS, Progress.ACHIEVED]
            elif half_year == now:
                steps = [Progress.IN_PROGRESS]
            version = row.version
            for step in steps or [Progress.NOT_STARTED]:
                with clock.frozen_at(moments.next()):
                    row = services.update_plan_goal(
                        actor=keeper,
                        plan_goal_id=row.pk,
                        expected_version=version,
                        half_year=half_year,
                        tasks=TASKS[i % len(TASKS)],
                        responsible=responsible,
                        status=step,
                        evidence=EVIDENCE if step == Progress.ACHIEVED else "",
                    )
                version = row.version
        teacher = _user(members.get(PathwayMember.Role.TRADE_TEACHER))
        if teacher is not None and not build.counts.get("plan_comments"):
            with clock.frozen_at(moments.next()):
                services.add_plan_comment(actor=teacher, pathway_id=pathway.pk, text=TEACHER_COMMENT)
            build.count("plan_comments")
    _assessments(build, moments)


def _write(build: Build, moments: _Moments, actor: Any, pathway: Pathway, half_year: int) -> Any:
    with clock.frozen_at(moments.next()):
        assessment = services.create_assessment(actor=actor, pathway_id=pathway.pk, half_year=half_year)
    rows = list(assessment.goals.order_by("goal__position", "goal_id"))
    goals = {}
    for i, row in enumerate(rows[: max(len(rows) * half_year // HALF_YEARS, 1)]):
        status = GoalAssessment.MASTERS if i % 3 else GoalAssessment.DEVELOPING
        goals[row.pk] = {"status": status, "comment": GOAL_COMMENTS[status]}
    with clock.frozen_at(moments.next()):
        assessment = services.update_assessment(
            actor=actor, assessment_id=assessment.pk, expected_version=assessment.version, overall=OVERALL, goals=goals
        )
    build.count("assessments")
    return assessment


def _assessments(build: Build, moments: _Moments) -> None:
    """On the pathways where the demo's instructor and professional manager both are."""
    instructor, manager = build.users.get("instruktor"), build.users.get("fagligleder")
    if instructor is None or manager is None:
        return
    pathways = list(
        Pathway.objects.filter(stage=Stage.IN_TRAINING, curriculum__isnull=False, started_on__isnull=False)
        .filter(members__person=instructor.person, members__role=PathwayMember.Role.INSTRUCTOR)
        .filter(members__person=manager.person, members__role=PathwayMember.Role.PROFESSIONAL_MANAGER)
        .distinct()
        .order_by("started_on", "pk")
    )
    # The longest-running first: its past half-years signed by both (awaiting the
    # participant), the next one's signed by the instructor, the newest a draft.
    for n, pathway in enumerate(pathways[:3]):
        now = current_half_year(pathway, build.anchor) or 1
        if n == 0:
            for half_year in range(1, max(now, 2)):
                a = _write(build, moments, instructor, pathway, half_year)
                with clock.frozen_at(moments.next()):
                    a = services.sign_as_instructor(actor=instructor, assessment_id=a.pk)
                with clock.frozen_at(moments.next()):
                    services.sign_as_manager(actor=manager, assessment_id=a.pk)
        elif n == 1:
            a = _write(build, moments, instructor, pathway, max(now - 1, 1))
            with clock.frozen_at(moments.next()):
                services.sign_as_instructor(actor=instructor, assessment_id=a.pk)
        else:
            _write(build, moments, instructor, pathway, now)
