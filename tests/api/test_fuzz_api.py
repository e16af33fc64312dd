"""Every write endpoint of the API fuzzed with hypothesis: any JSON (of the right field
names or not), and bodies that are not JSON at all, give a refusal in Norwegian or a
success, never a server error; a refused request saves nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fagvei.absence.models import Absence
from fagvei.api.urls import api
from fagvei.audit.models import Event
from fagvei.concerns.models import Concern, ConcernCategory, ConcernNote
from fagvei.concerns.models import PlanGoal as ConcernGoal
from fagvei.contracts.models import Contract, Ending, Interruption, Submission
from fagvei.documents.models import Document
from fagvei.equipment.models import Loan
from fagvei.exams.models import ExamEntry
from fagvei.followup.models import ActionItem, Addendum, Invitee, Meeting, MonthlyTheme, ParticipantNote
from fagvei.followup.services import add_action_item, schedule_meeting
from fagvei.guidance.models import GuidanceEntry, LanguageAssessment, TeacherVisit
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways.models import (
    Consent,
    Group,
    GroupMember,
    Pathway,
    PathwayMember,
    PoliceCertificate,
    Screening,
    Stage,
)
from fagvei.people.models import Person
from fagvei.plans.models import Assessment, AssessmentGoal, PlanComment, PlanGoal, TrainingPlan
from tests.api.conftest import ApiClient
from tests.api.test_api_matrix import MATRIX, _absence_and_loan, _concern, _concern_goal
from tests.factories import (
    make_contract,
    make_county,
    make_document,
    make_org,
    make_pathway,
    make_person,
    make_token,
    make_user,
)

pytestmark = pytest.mark.django_db

WRITES = sorted((path, method) for (path, method), op in MATRIX.items() if method != "GET")
ANSWERS = {200, 201, 403, 404, 409, 422}
MODELS = (
    ExamEntry,
    Person,
    Organisation,
    TradeApproval,
    Pathway,
    PathwayMember,
    Consent,
    Screening,
    PoliceCertificate,
    Document,
    Contract,
    Interruption,
    Submission,
    Ending,
    Meeting,
    Invitee,
    GuidanceEntry,
    TeacherVisit,
    LanguageAssessment,
    ActionItem,
    Addendum,
    TrainingPlan,
    PlanGoal,
    PlanComment,
    Assessment,
    AssessmentGoal,
    Absence,
    Loan,
    Event,
    GroupMember,
    MonthlyTheme,
    ParticipantNote,
    Concern,
    ConcernCategory,
    ConcernGoal,
    ConcernNote,
)

text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63), st.floats(allow_nan=False), text, st.just("2026-13-45")
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=6
)


def _fields(path: str, method: str) -> list[str]:
    """The names of the body's fields, from the OpenAPI document."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    op = schema["paths"][path][method.lower()]
    body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema", {})
    name = str(body.get("$ref", "")).rsplit("/", 1)[-1]
    return list(schema["components"]["schemas"].get(name, {}).get("properties", {}))


def _counts() -> list[int]:
    return [model.objects.count() for model in MODELS]


@pytest.fixture
def objects(coordinator: Any, scheme: Any) -> dict[str, int]:
    company = make_org(Organisation.Kind.TRAINING_COMPANY, "Bedriften", county=make_county())
    today = timezone.localdate()
    pathway = make_pathway(
        scheme,
        coordinator=coordinator,
        stage=Stage.SCREENING,
        workplace=company,
        planned_start=today,
        planned_end=today + dt.timedelta(days=730),
    )
    member = PathwayMember.objects.create(pathway=pathway, person=make_person("Fadder", "En"), role="mentor")
    consent = Consent.objects.create(
        pathway=pathway, purpose="participation", given_on=timezone.localdate(), registered_by=coordinator
    )
    approval = TradeApproval.objects.create(organisation=company, trade=scheme.trade, approved_on=timezone.localdate())
    document = make_document(pathway, coordinator)
    # A contract sent to the county, with an interruption: the contract's operations
    # reach their forms and domain functions.
    contract = make_contract(pathway, coordinator)
    interruption = Interruption.objects.create(
        contract=contract, reason="other_leave", starts_on=today, registered_by=coordinator
    )
    meeting = schedule_meeting(
        actor=coordinator,
        pathway_id=pathway.pk,
        kind="assessment",
        starts_at=timezone.now(),
        invitees=[pathway.participant_id, member.person_id],
    )
    item = add_action_item(
        actor=coordinator,
        meeting_id=meeting.pk,
        text="Følg opp.",
        owner=member.person_id,
        deadline=timezone.localdate(),
    )
    group = Group.objects.create(scheme=scheme, kind="project", name="Prosjektgruppe")
    group_member = GroupMember.objects.create(group=group, person=member.person)
    plan_goal, assessment = _plan_rows(pathway, coordinator)
    absence, loan = _absence_and_loan(pathway, coordinator)
    concern = _concern(pathway, coordinator)
    return {
        "concern_id": concern.pk,
        "concern_goal_id": _concern_goal(concern).pk,
        "scheme_id": scheme.pk,
        "group_id": group.pk,
        "group_member_id": group_member.pk,
        "month": "2026-12",
        "goal_id": plan_goal.pk,
        "assessment_id": assessment.pk,
        "absence_id": absence.pk,
        "loan_id": loan.pk,
        "document_id": document.pk,
        "interruption_id": interruption.pk,
        "submission_id": contract.submissions.get().pk,
        "meeting_id": meeting.pk,
        "item_id": item.pk,
        "pathway_id": pathway.pk,
        "person_id": pathway.participant_id,
        "organisation_id": company.pk,
        "approval_id": approval.pk,
        "member_id": member.pk,
        "consent_id": consent.pk,
        # A withdrawn Norwegian test: the exams' step answers after authorising it.
        "entry_id": ExamEntry.objects.create(
            pathway=pathway,
            kind="norwegian",
            status="withdrawn",
            variant="standard",
            band="a2_b1",
            planned_by=coordinator,
            planned_at=timezone.now(),
        ).pk,
    }


def _plan_rows(pathway: Any, coordinator: Any) -> tuple[Any, Any]:
    """The pathway's training plan from a curriculum of one goal, and a draft assessment."""
    from fagvei.curricula.models import CompetenceGoal, Curriculum
    from fagvei.plans import services

    curriculum = Curriculum.objects.create(code="FUZZ01", title="Læreplan", trade=pathway.trade)
    CompetenceGoal.objects.create(curriculum=curriculum, set_code="K1", set_title="Mål", code="K1-1", text="Mål")
    pathway.curriculum = curriculum
    pathway.save(update_fields=["curriculum"])
    plan = services.create_plan(actor=coordinator, pathway_id=pathway.pk)
    assessment = services.create_assessment(actor=coordinator, pathway_id=pathway.pk, half_year=1)
    return plan.goals.get(), assessment


def test_every_write_endpoint_is_fuzzed():
    assert len(WRITES) >= 15
    assert all(method in {"POST", "PUT", "PATCH", "DELETE"} for _path, method in WRITES)


@pytest.mark.parametrize(("path", "method"), WRITES)
def test_any_body_gets_an_answer_and_a_refusal_saves_nothing(path, method, objects, coordinator):
    admin = make_user(None, username=f"riks{abs(hash((path, method))) % 10_000}", superuser=True)
    client = ApiClient(make_token(admin)[1])
    url = path.removeprefix("/api/v1").format(name="end", **objects)
    fields = _fields(path, method)
    bodies = st.one_of(
        st.fixed_dictionaries({}, optional={field: values for field in fields}),
        st.dictionaries(text, values, max_size=4),
        values,
    )

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=bodies, raw=st.one_of(st.none(), text))
    def check(body: Any, raw: str | None) -> None:
        before = _counts()
        response = client.send(method, url, raw=raw if raw is not None else json.dumps(body))
        assert response.status_code in ANSWERS, (response.status_code, body, raw)
        answer = response.json()
        if response.status_code >= 400:
            assert answer["detail"]
            assert all("message" in e for e in answer["errors"])
            assert _counts() == before, (response.status_code, body)

    check()
    assert connection.is_usable()
