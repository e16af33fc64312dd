"""The loaded demo: complete (every stage and track), consistent with the lifecycle
rules, written through the domain functions (the timeline replays the stages), and with
demo users who each see what their role should see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from fagvei.absence.events import VERB_LABELS as ABSENCE_VERBS
from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.concerns.events import VERB_LABELS as CONCERN_VERBS
from fagvei.concerns.models import Concern
from fagvei.contracts.events import VERB_LABELS
from fagvei.contracts.models import BINDING, Contract
from fagvei.demo import load_demo
from fagvei.demo.cast import DEMO_PASSWORD, DEMO_USERNAMES
from fagvei.demo.plan import build_plan
from fagvei.equipment.events import VERB_LABELS as EQUIPMENT_VERBS
from fagvei.exams.deadlines import WINDOW_OPENS_RULE
from fagvei.exams.events import VERB_LABELS as EXAM_VERBS
from fagvei.exams.models import Season
from fagvei.exams.windows import written_window
from fagvei.followup.events import VERB_LABELS as FOLLOWUP_VERBS
from fagvei.followup.models import ActionItem
from fagvei.guidance.events import VERB_LABELS as GUIDANCE_VERBS
from fagvei.lib.norwegian_numbers import clean_national_id, clean_orgnr
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways.access import visible_pathways
from fagvei.pathways.lifecycle import TRANSITIONS, transitions_for
from fagvei.pathways.models import (
    Consent,
    Group,
    Pathway,
    PathwayMember,
    Scheme,
    Screening,
    Stage,
    Track,
)
from fagvei.people.models import Person
from fagvei.plans.events import VERB_LABELS as PLANS_VERBS

pytestmark = pytest.mark.django_db

ANCHOR = dt.date(2026, 3, 2)
MILESTONES = [
    "referred_at",
    "screening_at",
    "admitted_at",
    "declined_at",
    "starting_at",
    "training_started_at",
    "interrupted_at",
    "completed_at",
    "ended_at",
]
# What the domain functions write on a pathway's timeline.
VERBS = {
    "pathway.created",
    "pathway.updated",
    *(f"pathway.{name}" for name in TRANSITIONS),
    "screening.saved",
    "member.added",
    "consent.registered",
    "police_certificate.registered",
    # The contract (fagvei/demo/contracts.py): written, its documents uploaded, sent, and
    # interrupted, resumed or ended through its own functions while it binds the parties.
    *VERB_LABELS,
    "document.uploaded",
    # Follow-up (fagvei/demo/followup.py): meetings with minutes, and their action items.
    *FOLLOWUP_VERBS,
    # Guidance (fagvei/demo/guidance.py): the latest guidance, visit and language round.
    *GUIDANCE_VERBS,
    # Plans (fagvei/demo/plans.py): training plans and half-yearly assessments.
    *PLANS_VERBS,
    # Absence and equipment loans (fagvei/demo/absence.py).
    *ABSENCE_VERBS,
    *EQUIPMENT_VERBS,
    # Exams (fagvei/demo/exams.py): written exams, trade tests and Norwegian tests.
    *EXAM_VERBS,
    # The concern ladder (fagvei/demo/concerns.py): a case at every step.
    *CONCERN_VERBS,
}
# Events of the county's answers: the county adviser is their actor.
COUNTY_VERBS = {"submission.approved", "submission.returned", "submission.refused", "submission.acknowledged"}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """The demo, loaded once for this module (it takes a few seconds) in a transaction
    rolled back at the end: each test runs in a savepoint inside it."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast), transaction.atomic():
        counts = load_demo(today=ANCHOR)
        yield counts
        transaction.set_rollback(True)


def test_load_demo_matches_the_plan(demo):
    assert demo["pathways"] == Pathway.objects.count() == len(build_plan(ANCHOR))
    assert demo["events"] == Event.objects.count()
    loaded = sorted(Pathway.objects.values_list("participant__last_name", "participant__first_name", "stage", "track"))
    planned = sorted((p.person.last_name, p.person.first_name, p.stage, p.track) for p in build_plan(ANCHOR))
    assert loaded == planned
    assert {Pathway.objects.filter(stage=s).count() >= 3 for s in Stage.values} == {True}
    assert set(Pathway.objects.values_list("track", flat=True)) == set(Track.values)


def test_identity_and_organisation_numbers_are_valid(demo):
    ids = list(Person.objects.exclude(national_id="").values_list("national_id", flat=True))
    participants = Person.objects.filter(pathways__isnull=False).count()
    assert participants / 3 < len(ids) < participants * 2 / 3
    for number in ids:
        assert clean_national_id(number) == number
        assert number[6:8] == "99"
    numbers = list(Organisation.objects.values_list("org_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert clean_orgnr(number) == number
        assert number[0] in "89"


def test_approvals_include_a_lapsed_one_and_an_unapproved_company(demo):
    assert TradeApproval.objects.filter(status=TradeApproval.Status.LAPSED).exists()
    companies = Organisation.objects.filter(kind=Organisation.Kind.TRAINING_COMPANY)
    assert companies.filter(approvals__isnull=True).exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.TRAINING_COMPANY, training_office__isnull=False).count()


def test_every_demo_user_logs_in(demo):
    assert len(DEMO_USERNAMES) == 9
    for username in DEMO_USERNAMES:
        user = authenticate(None, username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.person_id is not None
        assert user.memberships.exists()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="admin").is_staff
    # Only the demo logins: the other people around the pathways are not users.
    assert set(User.objects.values_list("username", flat=True)) == set(DEMO_USERNAMES)
    # One password hash, made once, shared by every demo login.
    assert len(set(User.objects.values_list("password", flat=True))) == 1
    for user in User.objects.select_related("person"):
        assert (user.first_name, user.last_name) == (user.person.first_name, user.person.last_name)


def test_schemes_groups_and_organisations(demo):
    municipal = Organisation.objects.get(name="Fjordvik kommune – voksenopplæringen")
    assert municipal.kind == Organisation.Kind.MUNICIPAL_SERVICE
    assert set(Scheme.objects.values_list("name", flat=True)) == {
        "Fagbrevordningen – barne- og ungdomsarbeider",
        "Fagbrevordningen – helsearbeider",
        "Fagbrevordningen – renholdsoperatør",
    }
    for scheme in Scheme.objects.all():
        assert scheme.organisation == municipal
        intervals = dict(scheme.groups.values_list("kind", "meeting_interval_days"))
        assert intervals == {Group.Kind.PROJECT: 28, Group.Kind.STEERING: 182}
        for group in scheme.groups.all():
            assert group.members.count() >= 3
    for code, word in (("BUA", "barnehage"), ("HEA", "sykehjem"), ("ROF", "renhold")):
        approved = Organisation.objects.filter(
            approvals__trade__code=code, approvals__status=TradeApproval.Status.ACTIVE, name__icontains=word
        )
        assert approved.exists(), code
    nursing_homes = Organisation.objects.filter(name__icontains="sykehjem", approvals__trade__code="HEA")
    assert nursing_homes.filter(approvals__status=TradeApproval.Status.ACTIVE).count() >= 2
    office = Organisation.objects.get(kind=Organisation.Kind.TRAINING_OFFICE)
    assert office.member_companies.filter(name__icontains="barnehage").count() == 3
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds >= {"municipal_service", "nav", "county", "school", "training_office", "training_company"}
    assert set(Person.objects.values_list("registered_by_organisation", flat=True)) == {municipal.pk}


# Consistency with the lifecycle ---------------------------------------------------------


def test_pathways_in_training_meet_the_rules_to_start(demo):
    started = Pathway.objects.filter(training_started_at__isnull=False).select_related("trade", "workplace")
    assert started.count() >= 25
    for pathway in started:
        assert pathway.workplace is not None
        assert pathway.workplace.approvals.filter(trade=pathway.trade, status=TradeApproval.Status.ACTIVE).exists(), (
            pathway
        )
        assert pathway.consents.filter(purpose=Consent.Purpose.PARTICIPATION, withdrawn_on__isnull=True).exists()
        if pathway.trade.requires_police_certificate:
            certificate = pathway.police_certificate
            assert certificate.issued_on <= certificate.checked_on
            assert (certificate.checked_on - certificate.issued_on).days <= 90
        assert pathway.members.filter(role__in=[PathwayMember.Role.MENTOR, PathwayMember.Role.INSTRUCTOR]).exists(), (
            pathway
        )
        assert pathway.planned_start and pathway.planned_end
        assert 700 <= (pathway.planned_end - pathway.planned_start).days <= 1000
        # The lifecycle's own check agrees, while the contract binds the parties; an ended
        # pathway's contract was terminated or cancelled.
        contract = Contract.objects.get(pathway=pathway)
        if pathway.stage == Stage.ENDED:
            assert contract.status in ("terminated", "cancelled"), pathway
        else:
            assert contract.status in BINDING, pathway
            assert TRANSITIONS["start_training"].missing(pathway) == [], pathway


def test_pathways_past_admission_have_a_screening_and_a_coordinator(demo):
    for pathway in Pathway.objects.filter(admitted_at__isnull=False):
        assert pathway.screening.screened_by_id == pathway.coordinator_id
        assert pathway.coordinator_id is not None
    for pathway in Pathway.objects.filter(stage=Stage.DECLINED):
        assert pathway.screening and pathway.decision_reason


def test_start_up_shows_both_ready_and_blocked_pathways(demo):
    from django.utils.translation import override

    with override("en"):
        offers = [
            next(o for o in transitions_for(p) if o.transition.name == "start_training")
            for p in Pathway.objects.filter(stage=Stage.STARTING)
        ]
    assert any(o.allowed for o in offers)
    missing = " ".join(m for o in offers for m, _url in o.missing)
    assert "police certificate" in missing
    assert "workplace" in missing


def test_milestones_fit_the_stage_and_come_in_order(demo):
    anchor_start = timezone.make_aware(dt.datetime.combine(ANCHOR, dt.time()))
    for pathway in Pathway.objects.all():
        fields = list(MILESTONES)
        if pathway.stage == Stage.IN_TRAINING and pathway.interrupted_at:
            # Resumed after an interruption: "resume" sets training_started_at again.
            fields[5], fields[6] = fields[6], fields[5]
        moments = [getattr(pathway, f) for f in fields if getattr(pathway, f)]
        assert moments == sorted(moments), pathway
        assert max(moments) < anchor_start
        assert bool(pathway.completed_at) == (pathway.stage == Stage.COMPLETED)
        assert bool(pathway.declined_at) == (pathway.stage == Stage.DECLINED)
        assert bool(pathway.ended_at) == (pathway.stage == Stage.ENDED)
        assert bool(pathway.end_reason) == (pathway.stage == Stage.ENDED)
        if pathway.stage == Stage.INTERRUPTED:
            assert pathway.interrupted_at > pathway.training_started_at


def test_the_timeline_replays_the_stages(demo):
    for pathway in Pathway.objects.all():
        events = list(Event.objects.filter(pathway=pathway).order_by("at", "id"))
        assert [e.id for e in events] == sorted(e.id for e in events), "written in chronological order"
        assert events[0].verb == "pathway.created" and events[0].data == {"stage": "referred"}
        assert events[0].at == pathway.referred_at
        assert {e.verb for e in events} <= VERBS
        stage = "referred"
        previous = None
        for event in events:
            if event.verb in COUNTY_VERBS:
                assert event.actor.username == "raadgiver"
                previous = event
                continue
            if event.verb == "pathway.end" and event.data.get("by_contract") and event.actor.username == "raadgiver":
                # The county's cancellation (ol. § 7-3 second ledd) ends the pathway with it.
                assert previous is not None and previous.verb == "submission.approved"
                assert previous.data["kind"] == "cancellation"
            elif event.verb in GUIDANCE_VERBS:
                # Logged by the instructor, the trade or the Norwegian teacher on the pathway
                # (guidance by the coordinator where the instructor has no login).
                people = set(pathway.members.values_list("person_id", flat=True))
                assert event.actor_id == pathway.coordinator_id or event.actor.person_id in people
            elif event.verb == "action_item.done":
                # Ticked by its owner (through their login), or by the coordinator.
                owner = ActionItem.objects.get(pk=event.data["action_item"]).owner_id
                assert event.actor_id == pathway.coordinator_id or event.actor.person_id == owner
            elif event.verb.startswith(("plan.", "assessment.")):
                # The plan and the assessments: by the people in a role on the pathway, or the coordinator.
                people = set(pathway.members.values_list("person_id", flat=True))
                assert event.actor_id == pathway.coordinator_id or event.actor.person_id in people
            elif event.verb.startswith("concern."):
                # A concern's steps: by the one who raised it (the professional manager) or
                # the coordinator; the plan's goal ticked by its owner.
                concern = Concern.objects.get(pk=event.data["concern"])
                assert event.actor_id in (pathway.coordinator_id, concern.raised_by_id)
                assert set(event.data) <= {
                    "concern",
                    "step",
                    "meeting",
                    "goal",
                    "signature",
                    "document",
                    "interruption",
                }
            elif event.verb.startswith("absence."):
                # Registered by the professional manager (seed 001), or the coordinator.
                managers = pathway.members.filter(role="professional_manager").values_list("person_id", flat=True)
                assert event.actor_id == pathway.coordinator_id or event.actor.person_id in set(managers)
            else:
                assert event.actor_id == pathway.coordinator_id
            previous = event
            if event.verb == "pathway.updated":
                # The workplace and the planned dates, registered in start-up.
                assert set(event.data) == {"fields"}
                assert set(event.data["fields"]) <= {"workplace", "planned_start", "planned_end"}
                assert stage == "starting"
            elif event.verb.startswith("pathway.") and event.verb != "pathway.created":
                assert event.data["from"] == stage
                stage = event.data["to"]
                # The reason stays on the pathway's row; the event holds codes only.
                assert "reason" not in event.data
                if event.verb in ("pathway.admit", "pathway.decline"):
                    assert pathway.decision_reason
                # Under contract, the text stays on the contract's rows (interruption, ending).
                if event.verb == "pathway.interrupt" and not event.data.get("by_contract"):
                    assert pathway.interruption_reason
                if event.verb == "pathway.end" and not event.data.get("by_contract"):
                    assert pathway.end_note
                if event.verb == "pathway.end":
                    assert event.data["end_reason"] == pathway.end_reason
            if event.verb == "screening.saved":
                # save_screening names the fields given, never their values.
                assert set(event.data) == {"fields"}
                assert set(event.data["fields"]) <= {f.name for f in Screening._meta.get_fields()}
                assert "years_in_norway" in event.data["fields"]
                assert Screening.objects.get(pk=event.object_id).pathway_id == pathway.pk
            if event.verb == "member.added":
                assert PathwayMember.objects.get(pk=event.object_id).role == event.data["role"]
        assert stage == pathway.stage
        ids = [n for n in Person.objects.filter(pk=pathway.participant_id).values_list("national_id", flat=True) if n]
        for number in ids:
            assert all(number not in str(e.data) for e in events)


def test_a_resumed_pathway_moved_its_end_by_the_time_away(demo):
    resumed = Pathway.objects.filter(stage=Stage.IN_TRAINING, interrupted_at__isnull=False)
    assert resumed.count() == 2
    for pathway in resumed:
        away = pathway.returned_on - timezone.localdate(pathway.interrupted_at)
        assert pathway.planned_end - pathway.planned_start == dt.timedelta(days=730) + away
        resume = Event.objects.get(pathway=pathway, verb="pathway.resume")
        assert resume.data["returned_on"] == pathway.returned_on.isoformat()


def test_who_registered_what_and_when(demo):
    setup = Event.objects.filter(verb="organisation.created").order_by("at").first().at
    koordinator, raadgiver = _user("koordinator"), _user("raadgiver")
    # The county and the municipal service were there before any login; the coordinator
    # registered the rest, the county adviser the county's approvals.
    created = dict(Event.objects.filter(verb="organisation.created").values_list("object_id", "actor"))
    home = Organisation.objects.filter(kind__in=["county", "municipal_service"], registered_by_organisation=None)
    assert {pk for pk, actor in created.items() if actor is None} == set(home.values_list("pk", flat=True))
    assert {actor for actor in created.values() if actor is not None} == {koordinator.pk}
    approvals = Event.objects.filter(verb__startswith="approval.")
    assert set(approvals.values_list("actor", flat=True)) == {raadgiver.pk}
    assert set(approvals.values_list("at", flat=True)) == {setup}
    # People come from the system's import, each registered when first needed.
    people = Event.objects.filter(verb="person.created")
    assert people.count() == Person.objects.count()
    assert set(people.values_list("actor", flat=True)) == {None}
    for pathway in Pathway.objects.select_related("participant"):
        assert pathway.participant.created_at == pathway.referred_at == pathway.created_at
    assert min(Person.objects.values_list("created_at", flat=True)) == setup


def test_timestamps_and_row_history_are_the_moments_of_the_replay(demo):
    anchor_start = timezone.make_aware(dt.datetime.combine(ANCHOR, dt.time()))
    # The contract's, the documents' and the meetings' events hang on the pathway but change other rows.
    other_rows = (
        Q(verb__startswith="contract.")
        | Q(verb__startswith="submission.")
        | Q(verb__startswith="document.")
        | Q(verb__startswith="meeting.")
        | Q(verb__startswith="action_item.")
        | Q(verb__in=list(GUIDANCE_VERBS))
        | Q(verb__startswith="plan.")
        | Q(verb__startswith="assessment.")
        | Q(verb__startswith="absence.")
        | Q(verb__startswith="loan.")
        | Q(verb__startswith="exam.")
        | Q(verb__startswith="concern.")
    )
    for pathway in Pathway.objects.all():
        last = Event.objects.filter(pathway=pathway).exclude(other_rows).order_by("-at").first().at
        assert pathway.updated_at == last
        history = list(pathway.history.order_by("history_date", "history_id").values_list("history_date", flat=True))
        assert history[0] == pathway.referred_at
        assert history[-1] == last < anchor_start
    added = dict(Event.objects.filter(verb="member.added").values_list("object_id", "at"))
    for member in PathwayMember.objects.all():
        assert member.added_at == added[member.pk]
    assert not Organisation.objects.filter(created_at__gte=anchor_start).exists()
    assert not TradeApproval.objects.filter(created_at__gte=anchor_start).exists()


# Who sees what ---------------------------------------------------------------------------


def _user(username):
    return User.objects.get(username=username)


def test_the_mentor_is_on_some_but_not_all_child_care_pathways(demo):
    fadder = _user("fadder")
    bua = Pathway.objects.filter(trade__code="BUA")
    mine = bua.filter(members__person=fadder.person, members__role=PathwayMember.Role.MENTOR).distinct()
    assert 0 < mine.count() < bua.count()
    assert set(visible_pathways(fadder)) == set(mine)


def test_the_participant_has_exactly_one_pathway_in_training(demo):
    deltaker = _user("deltaker")
    pathways = Pathway.objects.filter(participant=deltaker.person)
    assert pathways.count() == 1
    assert pathways.get().stage == Stage.IN_TRAINING
    assert list(visible_pathways(deltaker)) == list(pathways)


def test_each_role_sees_its_share(demo):
    total = Pathway.objects.count()
    in_schemes = Pathway.objects.filter(scheme__isnull=False)
    koordinator = _user("koordinator")
    assert set(Pathway.objects.values_list("coordinator", flat=True)) == {koordinator.pk}
    assert set(in_schemes) <= set(visible_pathways(koordinator))
    assert visible_pathways(koordinator).count() == total
    assert visible_pathways(_user("admin")).count() == total
    expected = {
        "instruktor": PathwayMember.Role.INSTRUCTOR,
        "fagligleder": PathwayMember.Role.PROFESSIONAL_MANAGER,
        "faglaerer": PathwayMember.Role.TRADE_TEACHER,
        "norsklaerer": PathwayMember.Role.NORWEGIAN_TEACHER,
        "raadgiver": PathwayMember.Role.COUNTY_ADVISER,
    }
    for username, role in expected.items():
        user = _user(username)
        seen = visible_pathways(user)
        assert 0 < seen.count() < total / 2, username
        assert set(seen) == set(Pathway.objects.filter(members__person=user.person, members__role=role)), username
    assert visible_pathways(_user("instruktor")).count() == 4
    assert visible_pathways(_user("fagligleder")).count() == 4
    assert visible_pathways(_user("fadder")).count() == 3
    assert 8 <= visible_pathways(_user("faglaerer")).count() <= 14
    assert 8 <= visible_pathways(_user("norsklaerer")).count() <= 14
    # The county adviser follows the health scheme's pathways that came under contract.
    raadgiver = visible_pathways(_user("raadgiver"))
    assert {p.scheme.name for p in raadgiver} == {"Fagbrevordningen – helsearbeider"}
    assert {p.stage for p in raadgiver} <= {Stage.IN_TRAINING, Stage.INTERRUPTED, Stage.COMPLETED, Stage.ENDED}
    assert all(p.training_started_at for p in raadgiver)


def test_the_participant_and_the_people_around_them_find_open_action_items_at_tasks(demo):
    from django.test import Client

    for username in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "deltaker"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        response = client.get("/tasks/")
        assert response.status_code == 200
        assert response.context["open_items"], username
        assert {item.owner_id for item in response.context["open_items"]} == {user.person_id}


def test_meetings_have_approved_minutes_and_the_project_groups_meet_every_four_weeks(demo):
    from fagvei.followup.models import Meeting, Status

    approved = Meeting.objects.filter(status=Status.APPROVED)
    assert approved.filter(pathway__stage=Stage.IN_TRAINING, kind="assessment").exists()
    assert approved.exclude(minutes="").count() == approved.count()
    planned = []
    for group in Group.objects.filter(kind=Group.Kind.PROJECT):
        # (by the date in Oslo: a year of meetings crosses summer time)
        days = sorted(timezone.localtime(m.starts_at).date() for m in group.meetings.all())
        assert len(days) >= 6
        assert {(b - a).days for a, b in zip(days, days[1:], strict=False)} == {28}
        planned.append(group.meetings.filter(status=Status.PLANNED).count())
    # The first scheme's project group has its next meeting planned; the others' is still
    # to plan, which the coordinator's start page shows as due (seed 002).
    assert planned[0] == 1 and set(planned[1:]) == {0}
    for group in Group.objects.filter(kind=Group.Kind.STEERING):
        assert group.meetings.filter(status=Status.APPROVED).exists()


def test_the_project_group_goes_through_the_participants_and_the_mentor_sees_the_themes(demo):
    from django.test import Client

    from fagvei.followup.models import Meeting, MonthlyTheme, ParticipantNote, Status

    # Seed 002: the project group notes each participant in training; the note is on the
    # participant's timeline as a link to the meeting.
    last = Meeting.objects.filter(kind="project_group", status=Status.HELD).order_by("-starts_at").first()
    assert last is not None and last.resources and last.challenges
    notes = ParticipantNote.objects.filter(meeting=last)
    assert notes.count() >= 3
    for note in notes:
        assert Event.objects.filter(pathway_id=note.pathway_id, verb="meeting.participant_discussed").exists()
    steering = Meeting.objects.filter(kind="steering_group", status=Status.APPROVED)
    assert steering.count() >= 2 and all(m.resources and m.progress and m.plans for m in steering)
    # The monthly themes, past and ahead; the mentor reads this month's on the start page.
    month = ANCHOR.replace(day=1)
    assert MonthlyTheme.objects.filter(month=month).exists()
    assert (
        MonthlyTheme.objects.filter(month__gt=month).exists() and MonthlyTheme.objects.filter(month__lt=month).exists()
    )
    from fagvei.core import clock

    client = Client()
    client.force_login(User.objects.get(username="fadder"))
    with clock.frozen_at(timezone.make_aware(dt.datetime(ANCHOR.year, ANCHOR.month, ANCHOR.day, 12))):
        html = client.get("/").content.decode()
    assert "panel-themes-heading" in html and "panel-participants-heading" in html


def test_guidance_visits_and_language_give_the_teachers_work(demo):
    """A year of weekly guidance with gaps, one participant of ``instruktor`` without
    guidance for more than two weeks, visits every other week with one of ``faglaerer``'s
    overdue, and language rounds for ``norsklaerer``'s participants; few timeline events."""
    from fagvei.guidance.access import my_visit_pathways
    from fagvei.guidance.deadlines import guidance_since, visit_since
    from fagvei.guidance.models import GuidanceEntry, LanguageAssessment, TeacherVisit

    training = Pathway.objects.filter(stage=Stage.IN_TRAINING)
    assert GuidanceEntry.objects.count() > 20 * training.count()
    instructor = _user("instruktor")
    late = []
    for pathway in training.filter(members__person=instructor.person, members__role="instructor"):
        last = GuidanceEntry.objects.filter(pathway=pathway).order_by("-given_on").first()
        assert last is not None
        if guidance_since(last.given_on, pathway.started_on, ANCHOR).overdue:
            late.append(pathway.pk)
    assert len(late) == 1
    teacher = _user("faglaerer")
    overdue = [
        p
        for p in my_visit_pathways(teacher)
        if visit_since(p.last_visit, p.started_on, ANCHOR, p.scheme.teacher_visit_interval_days).overdue
    ]
    assert len(overdue) == 1 and TeacherVisit.objects.filter(author=teacher).count() > 10
    assert LanguageAssessment.objects.filter(author=_user("norsklaerer")).exists()
    for pathway in training:
        assert Event.objects.filter(pathway=pathway, verb__in=list(GUIDANCE_VERBS)).count() <= 3


def test_training_plans_and_assessments_leave_work_for_the_demo_users(demo):
    """Every pathway in training has its plan with a spread of progress; the instructor
    has a draft, the professional manager an assessment to co-sign, and two signed ones
    await their participant (fagvei/demo/plans.py)."""
    from fagvei.plans.models import Assessment, PlanComment, PlanGoal, TrainingPlan

    training = Pathway.objects.filter(stage="in_training", curriculum__isnull=False)
    assert TrainingPlan.objects.filter(pathway__in=training).count() == training.count()
    statuses = set(PlanGoal.objects.values_list("status", flat=True))
    assert statuses == {"not_started", "in_progress", "achieved"}
    assert PlanComment.objects.exists()
    instructor = User.objects.get(username="instruktor")
    manager = User.objects.get(username="fagligleder")
    mine = Assessment.objects.filter(pathway__members__person=instructor.person).distinct()
    assert mine.filter(status="draft").exists()
    assert Assessment.objects.filter(status="instructor_signed", pathway__members__person=manager.person).exists()
    assert Assessment.objects.filter(status="manager_signed").count() >= 1


def test_absence_and_loans(demo):
    """A year of absence on the pathways in training: one participant under the 80 %
    target, one past the county's 14 days; fagligleder registered some; iPads lent, one
    still out on a closed pathway."""
    from fagvei.absence.models import Absence
    from fagvei.absence.summary import standing
    from fagvei.equipment.models import Loan
    from fagvei.pathways.models import CLOSED

    assert demo["absences"] == Absence.objects.count() > 10
    end = ANCHOR - dt.timedelta(days=1)
    states = [standing(p, today=end) for p in Pathway.objects.filter(stage=Stage.IN_TRAINING).select_related("scheme")]
    assert any(s.participation.below_target for s in states)
    assert any(s.threshold_reached for s in states)
    assert len(set(Absence.objects.values_list("kind", flat=True))) >= 5
    assert Absence.objects.filter(hours__isnull=False).exists()
    fagligleder = _user("fagligleder")
    assert Absence.objects.filter(registered_by=fagligleder).exists()
    assert demo["loans"] == Loan.objects.count() > 3
    assert Loan.objects.filter(returned_on__isnull=True, pathway__stage__in=CLOSED).count() == 1


def test_every_demo_users_deadlines_link_to_pages_they_may_open(demo):
    """Issue 12: each demo user's deadlines (at the demo's today) lead somewhere they are
    let in — never a 403 or a 404 from a link fagvei gave them; the coordinator's caseload
    has deadlines of several kinds."""
    from django.test import Client

    from fagvei.core import clock

    kinds: dict[str, set[str]] = {}
    refused: list[tuple[str, str, int]] = []
    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(ANCHOR, dt.time(12)))):
        for username in DEMO_USERNAMES:
            client = Client()
            client.force_login(User.objects.get(username=username))
            response = client.get("/deadlines/")
            assert response.status_code == 200
            items = response.context["items"]
            kinds[username] = {item.rule.code for item in items}
            for url in {item.url for item in items}:
                status = client.get(url).status_code
                if status != 200:
                    refused.append((username, url, status))
    assert refused == []
    assert len(kinds["koordinator"]) >= 4, kinds
    assert kinds["raadgiver"] == {"contracts.county_answer"}


def test_every_deadline_rule_fires_for_some_demo_user_and_every_start_page_says_what_needs_them(demo):
    """Issue 12: the demo shows every rule somewhere — save the unreported interruption,
    which the demo's county, deciding in fagvei, is told of as it is registered — and each
    demo user's start page has "What needs me" with their own deadlines."""
    from django.test import Client

    from fagvei.core import clock
    from fagvei.core.deadlines import rules
    from fagvei.deadlines import engine

    fired: set[str] = set()
    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(ANCHOR, dt.time(12)))):
        for username in DEMO_USERNAMES:
            user = User.objects.get(username=username)
            fired |= {item.rule.code for item in engine.for_user(user, limit=500).items}
            client = Client()
            client.force_login(user)
            html = client.get("/").content.decode()
            assert "Hva trenger meg" in html, username
            if username != "admin":
                assert "Ingenting forfaller for deg" not in html, username
    # Issue 13: the written exam's windows open on 15 January and 1 September; with the
    # demo anchored in March none opens within the start page's horizon.
    opening = {
        written_window(year, season).opens_on for year in (ANCHOR.year, ANCHOR.year + 1) for season in Season.values
    }
    quiet = (
        set() if any(ANCHOR <= day <= ANCHOR + dt.timedelta(days=28) for day in opening) else {WINDOW_OPENS_RULE.code}
    )
    assert {r.code for r in rules()} - fired == {"contracts.interruption_report", *quiet}


def test_the_concern_ladder_has_a_case_at_every_step_and_each_user_sees_their_share(demo):
    """Issue 14: a concern at every step; the one resolved by the company, the signed plan
    in progress and the cancellation request were raised by the professional manager; the
    county adviser has the cancellation's packet to open; the mentor sees no concern text
    and the participant her own plan, waiting for her confirmation."""
    from django.test import Client
    from django.urls import reverse

    from fagvei.concerns.models import Status as ConcernStatus

    concerns = list(Concern.objects.select_related("raised_by", "pathway__participant"))
    assert {c.status for c in concerns} >= set(ConcernStatus.values) - {ConcernStatus.TERMINATED}
    by_status = {c.status: c for c in concerns}
    for status in (ConcernStatus.RESOLVED, ConcernStatus.FOLLOW_UP, ConcernStatus.CANCELLATION_REQUESTED):
        assert by_status[status].raised_by.username == "fagligleder"
    follow_up = by_status[ConcernStatus.FOLLOW_UP]
    assert follow_up.plan_signed_on is not None and follow_up.goals.filter(done_at__isnull=False).exists()
    cancelled = by_status[ConcernStatus.CANCELLATION_REQUESTED]
    assert cancelled.cancellation is not None and cancelled.county_contacted_on is None
    assert Contract.objects.get(pathway=cancelled.pathway).status == "cancellation_requested"
    # The conversation is late on one (seed 004: within a week), and held at a meeting with who came.
    overdue = [
        c
        for c in concerns
        if c.status == ConcernStatus.REGISTERED and c.registered_at.date() <= ANCHOR - dt.timedelta(days=7)
    ]
    assert overdue

    adviser = Client()
    adviser.force_login(User.objects.get(username="raadgiver"))
    listed = adviser.get(reverse("county_concerns")).content.decode()
    assert cancelled.pathway.participant.full_name in listed
    packet = adviser.get(reverse("concern_packet_pdf", args=[cancelled.pk]))
    assert packet.status_code == 200 and packet["Content-Type"] == "application/pdf"

    mentor = Client()
    mentor.force_login(User.objects.get(username="fadder"))
    mentored = [c for c in concerns if c.pathway.members.filter(person__user__username="fadder").exists()]
    assert mentored
    for concern in mentored:
        assert mentor.get(reverse("concern_detail", args=[concern.pk])).status_code == 404
        page = mentor.get(reverse("pathway_detail", args=[concern.pathway_id])).content.decode()
        assert concern.description not in page

    own = by_status[ConcernStatus.PLAN_AGREED]
    participant = Client()
    participant.force_login(User.objects.get(username="deltaker"))
    assert own.pathway.participant.user.username == "deltaker"
    page = participant.get(reverse("concern_detail", args=[own.pk])).content.decode()
    assert reverse("concern_confirm_plan", args=[own.pk]) in page
