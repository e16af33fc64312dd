"""The API's access matrix: every operation × method × persona, against objects outside
each persona's scope and inside it. It fails when an operation is missing from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from fagvei.accounts.models import User
from fagvei.api.urls import api
from fagvei.contracts.models import Contract, Interruption, Submission
from fagvei.curricula.models import Curriculum, Trade
from fagvei.demo import load_demo
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways.models import Consent, Group, GroupMember, Pathway, PathwayMember
from tests.api.conftest import ApiClient
from tests.factories import (
    make_contract,
    make_county,
    make_document,
    make_org,
    make_pathway,
    make_person,
    make_scheme,
    make_token,
    make_workplace,
)
from tests.test_access_matrix import CASEWORKERS, METHODS, PARTICIPANTS, ROLES

pytestmark = pytest.mark.django_db

# The personas and methods of the pages' matrix.


@dataclass(frozen=True)
class Op:
    kind: str | None  # the object type in the path, or None
    write: bool = False
    create: bool = False
    # Not found inside the scope too when the pathway has none (a police certificate for
    # a trade that needs none).
    may_be_absent: bool = False


# (path as OpenAPI writes it, method) → what the operation touches.
MATRIX: dict[tuple[str, str], Op] = {
    ("/api/v1/people/", "GET"): Op(None),
    ("/api/v1/people/", "POST"): Op(None, create=True),
    ("/api/v1/people/{person_id}", "GET"): Op("person"),
    ("/api/v1/people/{person_id}", "PATCH"): Op("person", write=True),
    ("/api/v1/curricula/", "GET"): Op(None),
    ("/api/v1/curricula/trades", "GET"): Op(None),
    ("/api/v1/curricula/{curriculum_id}", "GET"): Op("curriculum"),
    ("/api/v1/organisations/", "GET"): Op(None),
    ("/api/v1/organisations/", "POST"): Op(None, create=True),
    ("/api/v1/organisations/{organisation_id}", "GET"): Op("organisation"),
    ("/api/v1/organisations/{organisation_id}", "PATCH"): Op("organisation", write=True),
    ("/api/v1/organisations/{organisation_id}/approvals", "POST"): Op("approval", write=True),
    ("/api/v1/organisations/{organisation_id}/approvals/{approval_id}/status", "POST"): Op("decision", write=True),
    ("/api/v1/pathways/", "GET"): Op(None),
    ("/api/v1/pathways/{pathway_id}", "GET"): Op("pathway"),
    ("/api/v1/pathways/{pathway_id}/transitions", "GET"): Op("pathway"),
    ("/api/v1/pathways/", "POST"): Op(None, create=True),
    ("/api/v1/pathways/{pathway_id}", "PATCH"): Op("pathway", write=True),
    ("/api/v1/pathways/{pathway_id}/screening", "PUT"): Op("pathway", write=True),
    ("/api/v1/pathways/{pathway_id}/members", "POST"): Op("pathway", write=True),
    ("/api/v1/pathways/{pathway_id}/members/{member_id}", "DELETE"): Op("pathway", write=True),
    ("/api/v1/pathways/{pathway_id}/consents", "POST"): Op("pathway", write=True),
    ("/api/v1/pathways/{pathway_id}/consents/{consent_id}/withdraw", "POST"): Op("pathway", write=True),
    ("/api/v1/pathways/{pathway_id}/police-certificate", "PUT"): Op("pathway", write=True, may_be_absent=True),
    ("/api/v1/pathways/{pathway_id}/transitions/{name}", "POST"): Op("pathway", write=True),
    # Documents: seen by those who manage the pathway and by its participant, not by the
    # people around the participant (404); uploaded (to the pathway) and deleted by those
    # who manage it.
    ("/api/v1/pathways/{pathway_id}/documents", "GET"): Op("documents"),
    ("/api/v1/pathways/{pathway_id}/documents", "POST"): Op("pathway", write=True),
    ("/api/v1/documents/{document_id}", "GET"): Op("document"),
    ("/api/v1/documents/{document_id}/content", "GET"): Op("document"),
    ("/api/v1/documents/{document_id}", "DELETE"): Op("document", write=True),
    # Contracts: read by everyone who sees the pathway (what each sees is the policy of
    # tests/contracts/test_contracts_api.py), written by those who manage it.
    ("/api/v1/pathways/{pathway_id}/contract", "GET"): Op("contract"),
    ("/api/v1/pathways/{pathway_id}/contract", "POST"): Op("contract", write=True),
    ("/api/v1/pathways/{pathway_id}/contract", "PATCH"): Op("contract", write=True),
    ("/api/v1/pathways/{pathway_id}/contract/submit", "POST"): Op("contract", write=True),
    ("/api/v1/pathways/{pathway_id}/contract/interruptions", "POST"): Op("contract", write=True),
    ("/api/v1/pathways/{pathway_id}/contract/interruptions/{interruption_id}/end", "POST"): Op("contract", write=True),
    ("/api/v1/pathways/{pathway_id}/contract/interruptions/{interruption_id}/reported", "POST"): Op(
        "contract", write=True
    ),
    ("/api/v1/pathways/{pathway_id}/contract/change", "POST"): Op("contract", write=True),
    ("/api/v1/pathways/{pathway_id}/contract/terminate", "POST"): Op("contract", write=True),
    ("/api/v1/pathways/{pathway_id}/contract/cancellation", "POST"): Op("contract", write=True),
    # The county's inbox: its advisers (and the administrator); a matter sent to the
    # county is also read by those who manage the pathway, and answered by the county.
    ("/api/v1/county/submissions", "GET"): Op("inbox"),
    ("/api/v1/county/submissions/{submission_id}", "GET"): Op("submission"),
    ("/api/v1/county/submissions/{submission_id}/decision", "POST"): Op("submission", write=True),
    # follow-up: meetings. Read by their invitees and by those who manage the pathway,
    # changed by the latter; an action item is marked done by its owner too.
    ("/api/v1/pathways/{pathway_id}/meetings", "GET"): Op("pathway"),
    ("/api/v1/pathways/{pathway_id}/meetings", "POST"): Op("pathway", write=True),
    ("/api/v1/meetings", "GET"): Op(None),
    ("/api/v1/meetings/{meeting_id}", "GET"): Op("meeting"),
    ("/api/v1/meetings/{meeting_id}/steps/{name}", "POST"): Op("meeting", write=True),
    ("/api/v1/meetings/{meeting_id}/minutes", "PUT"): Op("meeting", write=True),
    ("/api/v1/meetings/{meeting_id}/action-items", "POST"): Op("meeting", write=True),
    ("/api/v1/meetings/{meeting_id}/addenda", "POST"): Op("meeting", write=True),
    ("/api/v1/action-items/{item_id}/done", "POST"): Op("action_item", write=True),
    # follow-up: schemes, their groups' members, monthly themes and participant notes
    ("/api/v1/schemes", "GET"): Op(None),
    ("/api/v1/schemes/{scheme_id}", "GET"): Op("scheme"),
    ("/api/v1/groups/{group_id}/members", "POST"): Op("group", write=True),
    ("/api/v1/groups/{group_id}/members/{group_member_id}", "DELETE"): Op("group", write=True),
    ("/api/v1/schemes/{scheme_id}/themes/{month}", "PUT"): Op("scheme", write=True),
    ("/api/v1/meetings/{meeting_id}/participant-notes", "GET"): Op("meeting"),
    ("/api/v1/meetings/{meeting_id}/participant-notes", "PUT"): Op("meeting", write=True),
    # guidance: the guidance log, teacher visits and language progress (access.py's table).
    ("/api/v1/pathways/{pathway_id}/guidance", "GET"): Op("guidance"),
    ("/api/v1/pathways/{pathway_id}/guidance", "POST"): Op("guidance", write=True),
    ("/api/v1/pathways/{pathway_id}/visits", "GET"): Op("visit"),
    ("/api/v1/pathways/{pathway_id}/visits", "POST"): Op("visit", write=True),
    ("/api/v1/pathways/{pathway_id}/language", "GET"): Op("language"),
    ("/api/v1/pathways/{pathway_id}/language", "POST"): Op("language", write=True),
    ("/api/v1/visits/mine", "GET"): Op(None),
    # The user's own deadlines (fagvei/deadlines/engine.py narrows them to the scope).
    ("/api/v1/deadlines", "GET"): Op(None),
    # One pathway's deadlines, and its risk for those who manage it (get_pathway_for).
    ("/api/v1/pathways/{pathway_id}/deadlines", "GET"): Op("pathway"),
    # The user's own calendar feed (fagvei/calendars/api.py): each persona has its own.
    ("/api/v1/calendar", "GET"): Op(None),
    ("/api/v1/calendar", "DELETE"): Op(None),
    ("/api/v1/calendar/regenerate", "POST"): Op(None),
    # The user's own e-mail reminders: no id in the path, every persona reads and changes
    # their own.
    ("/api/v1/reminders/preference", "GET"): Op(None),
    ("/api/v1/reminders/preference", "PUT"): Op("own", write=True),
    # Training plans and half-yearly assessments (fagvei/plans/access.py): read by the
    # managers and the people around the participant; kept by the managers, the
    # professional manager and the instructor; a draft seen only by those who draft.
    ("/api/v1/pathways/{pathway_id}/plan", "GET"): Op("plan"),
    ("/api/v1/pathways/{pathway_id}/plan", "POST"): Op("plan", write=True),
    ("/api/v1/pathways/{pathway_id}/plan/goals/{goal_id}", "PATCH"): Op("plan", write=True),
    ("/api/v1/pathways/{pathway_id}/plan/comments", "POST"): Op("plan_comment", write=True),
    ("/api/v1/pathways/{pathway_id}/assessments", "GET"): Op("plan"),
    ("/api/v1/pathways/{pathway_id}/assessments", "POST"): Op("plan", write=True),
    ("/api/v1/assessments/{assessment_id}", "GET"): Op("assessment"),
    ("/api/v1/assessments/{assessment_id}", "PATCH"): Op("assessment", write=True),
    ("/api/v1/assessments/{assessment_id}/steps/{name}", "POST"): Op("assessment", write=True),
}
# The plans: who keeps them (and drafts assessments), who reads them.
PLAN_EDITORS = {"admin", "koordinator", "instruktor", "fagligleder"}
PLAN_READERS = PLAN_EDITORS | {"fadder", "faglaerer", "norsklaerer", "deltaker"}
# Absence (issue 11): reasons to those who manage the pathway and its professional
# manager; the participant their own periods; the instructor and mentor the rate only.
# Equipment loans: those who manage the pathway, and its participant.
MATRIX.update(
    {
        ("/api/v1/pathways/{pathway_id}/absence", "GET"): Op("absence_periods"),
        ("/api/v1/pathways/{pathway_id}/absence", "POST"): Op("absence_periods", write=True),
        ("/api/v1/pathways/{pathway_id}/participation", "GET"): Op("absence_rate"),
        ("/api/v1/absences/{absence_id}", "PATCH"): Op("absence", write=True),
        ("/api/v1/absences/{absence_id}", "DELETE"): Op("absence", write=True),
        ("/api/v1/pathways/{pathway_id}/equipment", "GET"): Op("loans"),
        ("/api/v1/pathways/{pathway_id}/equipment", "POST"): Op("loans", write=True),
        ("/api/v1/loans/{loan_id}/return", "POST"): Op("loans", write=True),
    }
)
# Exams (fagvei/exams/access.py): read by those who manage the pathway, its participant,
# its teachers, professional manager and instructor; planned and stepped by those who
# manage it; a recommendation by the trade or the Norwegian teacher.
MATRIX.update(
    {
        ("/api/v1/pathways/{pathway_id}/exams", "GET"): Op("exams"),
        ("/api/v1/pathways/{pathway_id}/exams", "POST"): Op("exams", write=True),
        ("/api/v1/exams/{entry_id}/steps/{name}", "POST"): Op("exam_entry", write=True),
        ("/api/v1/pathways/{pathway_id}/exams/recommendations", "POST"): Op("exam_recommend", write=True),
    }
)
EXAM_READERS = CASEWORKERS | PARTICIPANTS | {"instruktor", "fagligleder", "faglaerer", "norsklaerer"}
EXAM_TEACHERS = {"faglaerer", "norsklaerer"}


def _exam_entry(pathway: Any) -> Any:
    """A withdrawn Norwegian test on the pathway: the step answers about access (an unknown
    step is refused after the entry is authorised), beside whatever is under way."""
    from fagvei.exams.models import ExamEntry

    return ExamEntry.objects.create(
        pathway=pathway,
        kind="norwegian",
        status="withdrawn",
        variant="standard",
        band="a2_b1",
        planned_by=User.objects.get(username="admin"),
        planned_at=timezone.now(),
    )


# The concern ladder (fagvei/concerns/access.py): need to know. Listed and registered per
# pathway; one concern read, and its steps taken.
MATRIX.update(
    {
        ("/api/v1/pathways/{pathway_id}/concerns", "GET"): Op("concern_list"),
        ("/api/v1/pathways/{pathway_id}/concerns", "POST"): Op("concern_list", write=True),
        ("/api/v1/concerns/{concern_id}", "GET"): Op("concern"),
        ("/api/v1/concerns/{concern_id}/steps/{name}", "POST"): Op("concern", write=True),
        ("/api/v1/concerns/{concern_id}/notes", "POST"): Op("concern", write=True),
        ("/api/v1/concerns/{concern_id}/packet.pdf", "GET"): Op("concern_packet"),
        # Its meetings (seed 004): read with the concern; planned by those who handle it.
        ("/api/v1/concerns/{concern_id}/meetings", "GET"): Op("concern"),
        ("/api/v1/concerns/{concern_id}/meetings", "POST"): Op("concern", write=True),
        ("/api/v1/county/concerns", "GET"): Op("inbox"),
        # The follow-up plan (fagvei/concerns/plans.py): a party's own confirmation, one on
        # paper, the signed scan, the plan's interruption; a goal ticked by the person
        # responsible; the county adviser's contact with the participant.
        ("/api/v1/concerns/{concern_id}/plan/confirm", "POST"): Op("concern_party", write=True),
        ("/api/v1/concerns/{concern_id}/plan/paper", "POST"): Op("concern", write=True),
        ("/api/v1/concerns/{concern_id}/plan/scan", "POST"): Op("concern", write=True),
        ("/api/v1/concerns/{concern_id}/interruption", "POST"): Op("concern", write=True),
        ("/api/v1/concerns/{concern_id}/county-contact", "POST"): Op("concern_county", write=True),
        ("/api/v1/concern-goals/{concern_goal_id}/done", "POST"): Op("concern_goal", write=True),
    }
)
# Who registers a concern on their pathway (the company and the school, seed 004), and
# who reads the concern made inside each persona's scope: those who manage the pathway,
# the professional manager who raised it, the participant. A mentor, an instructor, a
# teacher or the county adviser (not informed) on the same pathway: 404.
CONCERN_REGISTERS = {"admin", "koordinator", "fagligleder", "faglaerer"}
CONCERN_HANDLERS = {"admin", "koordinator", "fagligleder"}
# How much of a pathway's absence each persona sees inside its scope (fagvei/absence/access.py).
ABSENCE_SIGHT = {"admin": 3, "koordinator": 3, "fagligleder": 3, "deltaker": 2, "instruktor": 1, "fadder": 1}
# Who reads the county's inbox.
COUNTY = {"admin", "raadgiver"}
# Who sees a pathway's documents: those who manage it, and its participant.
DOCUMENT_READERS = CASEWORKERS | PARTICIPANTS


def _body(path: str, method: str, ids: dict[str, int]) -> dict[str, Any]:
    """A body of the right shape for the operation, so that the answer is about access
    (a body of the wrong shape is refused first, whoever sends it)."""
    today = timezone.localdate().isoformat()
    if method == "PATCH":
        return {"version": 1}
    if method == "DELETE" and path.startswith("/api/v1/documents/"):
        # A version no document has: the answer is about access (a stale one is 409),
        # and the document stays for the operations after it.
        return {"version": 0}
    if path == "/api/v1/pathways/":
        return {"participant": ids["person_id"], "referral_source": "nav", "track": "alternative"}
    concern_plan = {
        "/plan/confirm": {"version": 1, "party": "company"},
        "/plan/paper": {"version": 1, "party": "company", "signed_on": today},
        "/concerns/{concern_id}/interruption": {"version": 1, "reason": "other_leave", "starts_on": today},
        "/county-contact": {"version": 1, "contacted_on": today, "note": "Ringt."},
        "{concern_goal_id}/done": {"version": 1},
    }
    for ending, body in concern_plan.items():
        if path.endswith(ending):
            return body
    if path.endswith("/screening"):
        return {
            "screened_on": today,
            **{f"norwegian_{skill}": "B1" for skill in ("listening", "reading", "speaking", "writing")},
            "years_in_norway": "4",
            "education": "upper_secondary",
            "work_experience_years": "1",
            "motivation": 3,
            "suitability": 3,
            "can_participate_80": True,
            "income_basis": "other",
        }
    if path.endswith("/members"):
        return {"person": ids["person_id"], "role": "mentor"}
    if path.endswith("/consents"):
        return {"purpose": "participation", "given_on": today}
    if path.endswith("/police-certificate"):
        return {"issued_on": today, "checked_on": today}
    if "/transitions/" in path:
        return {"version": 1, "inputs": {}}
    if path.endswith("/concerns/{concern_id}/meetings") and method == "POST":
        return {"version": 1, "starts_at": "2026-12-03T09:00:00+01:00", "place": "Rom", "invitees": []}
    if path.endswith("/meetings") and method == "POST":
        return {"kind": "assessment", "starts_at": timezone.now().isoformat(), "invitees": [ids["person_id"]]}
    if "/steps/" in path:
        return {"version": 1}
    if path.endswith("/minutes"):
        return {"version": 1, "minutes": "Referat."}
    if path.endswith("/action-items"):
        return {"text": "Følg opp.", "owner": ids["person_id"], "deadline": today}
    if path.endswith("/addenda"):
        return {"text": "Tillegg."}
    if path.endswith("/done"):
        return {"done": True}
    if "/themes/" in path:
        return {"themes": "Smittevern."}
    if path.endswith("/participant-notes"):
        return {"version": 0, "notes": []}
    if path.endswith("/guidance"):
        return {"given_on": today, "minutes": 60}
    if path.endswith("/visits"):
        return {"visited_on": today, "observations": "Bra."}
    if path.endswith("/language"):
        return {"assessed_on": today, "levels": {"reading": "B1"}}
    if path.endswith("/plan/comments"):
        return {"text": "Kommentar."}
    if path.endswith("/assessments"):
        return {"half_year": 7}
    if path.endswith("/absence") and method == "POST":
        return {"kind": "other", "starts_on": "2099-01-05"}
    if path.endswith("/notes") and method == "POST":
        return {"text": "Notat.", "internal": True}
    if path.endswith("/concerns") and method == "POST":
        return {"categories": ["absence"], "description": "Bekymring.", "noticed_on": today}
    if path.endswith("/equipment") and method == "POST":
        return {"item": "iPad", "lent_on": today}
    if path.endswith("/exams") and method == "POST":
        return {"kind": "norwegian", "variant": "standard", "band": "a2_b1"}
    if path.endswith("/exams/recommendations"):
        return {"kind": "trade_test", "register_from": today}
    if path.endswith("/reminders/preference"):
        return {"digest": "weekly", "weekday": 4}
    if path.endswith("/return"):
        return {"returned_on": today, "version": 0}
    if path == "/api/v1/people/":
        return {"first_name": "Ny", "last_name": "Person"}
    if path == "/api/v1/organisations/":
        return {"name": "Ny bedrift", "kind": "training_company"}
    if path.endswith("/approvals"):
        return {"trade": ids["trade_id"], "approved_on": timezone.localdate().isoformat(), "reference": "2026/1"}
    if path.endswith("/status"):
        return {"status": "lapsed"}
    # Contracts: the shape each form takes, with a version no contract has (409 for
    # those who may write; the objects stay for the operations after it).
    contract = {
        "/contract": {"kind": "training", "goal": "Fagbrev", "responsibilities": "Bedriften har ansvaret."},
        "/submit": {"signed_on": today, "version": 0},
        "/interruptions": {"reason": "other_leave", "starts_on": today, "version": 0},
        "/end": {"ends_on": today, "version": 0},
        "/reported": {"county_told_on": today},
        "/change": {"end_date": today, "justification": "Lengre opplæring.", "version": 0},
        "/terminate": {"agreed_on": today, "last_day": today, "reason": "Enige.", "version": 0},
        "/cancellation": {
            "requested_by": "company",
            "ground": "serious_breach",
            "justification": "Alvorlig pliktbrudd.",
            "version": 0,
        },
        "/decision": {"outcome": "approved", "version": 0},
    }
    for ending, body in contract.items():
        if path.endswith(ending):
            return body
    return {}


def _operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {
        (path, method.upper()) for path, item in schema["paths"].items() for method in item if method.upper() in METHODS
    }


def test_every_operation_is_in_the_matrix():
    assert _operations() == set(MATRIX)


def _url(path: str, ids: dict[str, int]) -> str:
    return path.removeprefix("/api/v1").format(name="end", **ids)


def _paths() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    for path, method in MATRIX:
        allowed.setdefault(path, set()).add(method)
    return allowed


def _meeting(pathway: Any, actor: Any, invited: int) -> tuple[Any, Any]:
    """An assessment conversation on the pathway with ``invited`` invited, who owns its
    action item."""
    from fagvei.followup.services import add_action_item, schedule_meeting

    meeting = schedule_meeting(
        actor=actor, pathway_id=pathway.pk, kind="assessment", starts_at=timezone.now(), invitees=[invited]
    )
    item = add_action_item(
        actor=actor, meeting_id=meeting.pk, text="Følg opp.", owner=invited, deadline=timezone.localdate()
    )
    return meeting, item


@pytest.fixture
def outside() -> dict[str, int]:
    load_demo()
    elsewhere = make_org(Organisation.Kind.MUNICIPAL_SERVICE, "Utenby kommune")
    scheme = make_scheme(elsewhere, Trade.objects.get(code="HEA"))
    person = make_person("Ute", "Utenfor", registered_by_organisation=elsewhere)
    pathway = make_pathway(scheme, participant=person, stage="starting")
    member = PathwayMember.objects.create(pathway=pathway, person=make_person("Annen", "Fadder"), role="mentor")
    consent = Consent.objects.create(
        pathway=pathway,
        purpose="participation",
        given_on=timezone.localdate(),
        registered_by=User.objects.get(username="admin"),
    )
    lapsed = TradeApproval.objects.create(
        organisation=elsewhere, trade=scheme.trade, approved_on=timezone.localdate(), status="active"
    )
    document = make_document(pathway, User.objects.get(username="admin"))
    # A contract sent to another county than the demo's, with an interruption.
    pathway.workplace = make_workplace(scheme.trade, county=make_county("Utenfylket"))
    pathway.planned_start = timezone.localdate()
    pathway.planned_end = timezone.localdate() + dt.timedelta(days=730)
    pathway.save()
    contract = make_contract(pathway, User.objects.get(username="admin"))
    interruption = _interruption(contract)
    meeting, item = _meeting(pathway, User.objects.get(username="admin"), person.pk)
    group = Group.objects.create(scheme=scheme, kind="project", name="Utenfor prosjektgruppe")
    group_member = GroupMember.objects.create(group=group, person=person)
    plan_goal, assessment = _plan_rows(pathway)
    absence, loan = _absence_and_loan(pathway)
    outside_concern = _concern(pathway, User.objects.get(username="admin"))
    return {
        "concern_id": outside_concern.pk,
        "concern_goal_id": _concern_goal(outside_concern).pk,
        "scheme_id": scheme.pk,
        "group_id": group.pk,
        "group_member_id": group_member.pk,
        "month": "2026-12",
        "goal_id": plan_goal.pk,
        "assessment_id": assessment.pk,
        "absence_id": absence.pk,
        "loan_id": loan.pk,
        "document_id": document.pk,
        "entry_id": _exam_entry(pathway).pk,
        "interruption_id": interruption.pk,
        "submission_id": contract.submissions.get().pk,
        "meeting_id": meeting.pk,
        "item_id": item.pk,
        "person_id": person.pk,
        "pathway_id": pathway.pk,
        "curriculum_id": 999_999,
        "organisation_id": elsewhere.pk,
        "approval_id": lapsed.pk,
        "trade_id": Trade.objects.get(code="BUA").pk,
        "member_id": member.pk,
        "consent_id": consent.pk,
    }


def _plan_rows(pathway: Any) -> tuple[Any, Any]:
    """The pathway's plan (made from a curriculum when it has none) and a draft assessment
    for its last half-year: a goal row of the one, and the other."""
    from fagvei.plans import services
    from fagvei.plans.models import Assessment

    admin = User.objects.get(username="admin")
    if pathway.curriculum_id is None:
        pathway.curriculum = Curriculum.objects.filter(goals__isnull=False).order_by("id").first()
        pathway.save(update_fields=["curriculum"])
    plan = services.create_plan(actor=admin, pathway_id=pathway.pk)
    assessment = Assessment.objects.filter(pathway=pathway, half_year=8).first() or services.create_assessment(
        actor=admin, pathway_id=pathway.pk, half_year=8
    )
    return plan.goals.order_by("id").first(), assessment


def _absence_and_loan(pathway: Any, admin: Any = None) -> tuple[Any, Any]:
    """A period of absence (in 2099, clear of the demo's) and an iPad lent, on the pathway."""
    from fagvei.absence.services import register_absence
    from fagvei.equipment.services import lend

    admin = admin or User.objects.get(username="admin")
    day = dt.date(2099, 3, 2) + dt.timedelta(weeks=pathway.absences.count())
    absence = register_absence(actor=admin, pathway_id=pathway.pk, kind="other", starts_on=day, ends_on=day)
    return absence, lend(actor=admin, pathway_id=pathway.pk, item="iPad", lent_on=dt.date(2026, 1, 5))


def _concern(pathway: Any, raiser: Any) -> Any:
    """A concern registered on the pathway by ``raiser``."""
    from fagvei.concerns.services import register_concern

    return register_concern(
        actor=raiser,
        pathway_id=pathway.pk,
        categories=["illness"],
        description="Bekymring i API-matrisen.",
        noticed_on=timezone.localdate(),
    )


def _concern_goal(concern: Any) -> Any:
    """A goal on the concern, the participant's own (written straight to the database)."""
    from fagvei.concerns.models import PlanGoal

    return PlanGoal.objects.create(
        concern=concern,
        text="Mål i API-matrisen.",
        deadline=timezone.localdate(),
        responsible_id=concern.pathway.participant_id,
        created_at=timezone.now(),
    )


def _interruption(contract: Any) -> Any:
    """The contract's interruption: one ended before (the operations on it answer
    about access, and nothing runs)."""
    found = contract.interruptions.order_by("id").first()
    if found is not None:
        return found
    return Interruption.objects.create(
        contract=contract,
        reason="other_leave",
        starts_on=contract.start_date,
        ends_on=contract.start_date,
        ended=True,
        end_before=contract.end_date,
        end_after=contract.end_date,
        registered_by=User.objects.get(username="admin"),
    )


def _expected_outside(op: Op | None, role: str) -> set[int]:
    if op is None:
        return {405}
    if op.kind == "own":
        return {200}
    if op.kind == "inbox":
        return {200} if role in COUNTY else {404}
    if op.kind in ("visit", "language") and op.write:
        # Written by the pathway's trade or Norwegian teacher only.
        return {403} if role == "admin" else {404}
    if op.kind == "curriculum":
        return {404}  # an id that does not exist: public data has no "outside"
    if op.kind in ("organisation", "approval", "decision"):
        # Register data: every staff role reads it; a participant sees only their own
        # workplace's. The outside organisation was registered by no demo organisation
        # and lies in no county: only the administrator changes it or its approvals.
        if role in PARTICIPANTS:
            return {404}
        if not op.write:
            return {200}
        return {200, 201, 409, 422} if role == "admin" else {403}
    if op.kind == "plan_comment":
        # The trade teacher on the pathway comments; the administrator is none.
        return {403} if role == "admin" else {404}
    if op.kind == "exam_recommend":
        # The administrator reads the exams and is no teacher on the pathway.
        return {403} if role == "admin" else {404}
    if op.kind is not None:
        return {200, 201, 409, 422} if role == "admin" else {404}
    if op.create and role not in CASEWORKERS:
        return {403}
    return {200, 201, 422}


def test_outside_the_scope_every_operation_answers_as_the_policy_says(outside):
    failures: list[str] = []
    anonymous = ApiClient()
    for path, methods in _paths().items():
        for method in METHODS:
            response = (
                anonymous.send(method, _url(path, outside)) if method != "GET" else anonymous.get(_url(path, outside))
            )
            if response.status_code not in ({401} if method in methods else {401, 405}):
                failures.append(f"anonymous {method} {path}: {response.status_code}")
    for role in ROLES:
        client = ApiClient(make_token(User.objects.get(username=role))[1])
        for path in _paths():
            for method in METHODS:
                url = _url(path, outside)
                body = _body(path, method, outside)
                response = client.get(url) if method == "GET" else client.send(method, url, body)
                expected = _expected_outside(MATRIX.get((path, method)), role)
                if response.status_code not in expected:
                    failures.append(f"{role} {method} {path}: {response.status_code}, expected {expected}")
    assert failures == [], "\n".join(failures)


# Inside each persona's scope: read everything, change only what the page lets them.
def _inside(role: str) -> dict[str, int]:
    user = User.objects.get(username=role)
    # A pathway with a contract where the role has one in scope.
    if role in CASEWORKERS:
        pathways = Pathway.objects.filter(stage="starting").order_by("id")
    elif role == "deltaker":
        pathways = Pathway.objects.filter(participant=user.person)
    else:
        pathways = Pathway.objects.filter(members__person=user.person).order_by("id")
    pathway = pathways.filter(contract__isnull=False).first() or pathways.first()
    assert pathway is not None
    person = user.person if role == "deltaker" else pathway.participant
    curriculum = Curriculum.objects.order_by("id").first()
    approval = TradeApproval.objects.filter(organisation__county__isnull=False).order_by("id").first()
    organisation = (
        Organisation.objects.get(pk=pathway.workplace_id)
        if pathway.workplace_id
        else Organisation.objects.filter(kind="training_company").order_by("id").first()
    )
    assert curriculum is not None and approval is not None and organisation is not None
    taken = set(approval.organisation.approvals.values_list("trade_id", flat=True))
    member = pathway.members.order_by("id").first() or PathwayMember.objects.create(
        pathway=pathway, person=make_person("Ekstra", "Fadder"), role="mentor"
    )
    consent = pathway.consents.order_by("id").first() or Consent.objects.create(
        pathway=pathway, purpose="participation", given_on=timezone.localdate(), registered_by=user
    )
    document = make_document(pathway, User.objects.get(username="admin"))
    contract = Contract.objects.get(pathway=pathway)
    # An application awaiting the demo county, of a pathway the coordinator runs.
    submission = Submission.objects.filter(state="sent", kind="application").order_by("id").first()
    assert submission is not None
    # Invited unless they run the pathway; the owner of the meeting's action item.
    invited = pathway.participant_id if role in CASEWORKERS else user.person_id
    meeting, item = _meeting(pathway, User.objects.get(username="koordinator"), invited)
    group = Group.objects.filter(scheme_id=pathway.scheme_id).order_by("id").first()
    assert group is not None
    group_member = group.members.order_by("id").first()
    assert group_member is not None
    plan_goal, assessment = _plan_rows(pathway)
    absence, loan = _absence_and_loan(pathway)
    raiser = user if role == "fagligleder" else User.objects.get(username="koordinator")
    concern = _concern(pathway, raiser)
    return {
        "concern_id": concern.pk,
        "concern_goal_id": _concern_goal(concern).pk,
        "scheme_id": pathway.scheme_id,
        "group_id": group.pk,
        "group_member_id": group_member.pk,
        "month": "2026-12",
        "goal_id": plan_goal.pk,
        "assessment_id": assessment.pk,
        "absence_id": absence.pk,
        "loan_id": loan.pk,
        "document_id": document.pk,
        "entry_id": _exam_entry(pathway).pk,
        "interruption_id": _interruption(contract).pk,
        "submission_id": submission.pk,
        "meeting_id": meeting.pk,
        "item_id": item.pk,
        "pathway_id": pathway.pk,
        "person_id": person.pk,
        "curriculum_id": curriculum.pk,
        "organisation_id": organisation.pk,
        "approval_org_id": approval.organisation_id,
        "approval_id": approval.pk,
        "trade_id": (Trade.objects.exclude(pk__in=taken).order_by("id").first() or Trade.objects.first()).pk,
        "member_id": member.pk,
        "consent_id": consent.pk,
    }


# The guidance app's records: (readers, writers) among the demo personas.
GUIDANCE_POLICY = {
    "guidance": (
        CASEWORKERS | PARTICIPANTS | {"instruktor", "fagligleder"},
        CASEWORKERS | {"instruktor", "fagligleder"},
    ),
    "visit": (CASEWORKERS | PARTICIPANTS | {"faglaerer", "instruktor", "fagligleder"}, {"faglaerer"}),
    "language": (CASEWORKERS | PARTICIPANTS | {"norsklaerer", "faglaerer"}, {"norsklaerer"}),
}


def _expected_inside(op: Op, role: str) -> set[int]:
    if op.kind == "own":
        return {200}
    if op.kind in ("plan", "plan_comment", "assessment"):
        # One in another role on the pathway (the county adviser) does not know of them;
        # the assessment is a draft: hidden from those who do not draft.
        if role not in PLAN_READERS or (op.kind == "assessment" and role not in PLAN_EDITORS):
            return {404}
        if op.kind == "plan_comment":
            return {201} if role == "faglaerer" else {403}
        if op.write:
            return {200, 201, 409, 422} if role in PLAN_EDITORS else {403}
        return {200}
    if op.kind in ("absence_periods", "absence_rate", "absence", "loans"):
        return _expected_absence_and_loans(op, role)
    if op.kind in ("exams", "exam_entry", "exam_recommend"):
        if role not in EXAM_READERS:
            return {404}
        if op.kind == "exam_recommend":
            # A teacher recommending the other's test is refused by the domain (422).
            return {201, 422} if role in EXAM_TEACHERS else {403}
        if op.write:
            return {201, 422} if role in CASEWORKERS else {403}
        return {200}
    if op.kind == "concern_list":
        if role in CONCERN_REGISTERS:
            return {201, 422} if op.write else {200}
        return ({403} if op.write else {200}) if role in PARTICIPANTS else {404}
    if op.kind == "concern_packet":
        # Made for the county: those who handle the concern; the participant is refused.
        if role in CONCERN_HANDLERS:
            return {200}
        return {403} if role in PARTICIPANTS else {404}
    if op.kind == "concern":
        if role in CONCERN_HANDLERS:
            return {200, 201, 409, 422} if op.write else {200}
        return ({403} if op.write else {200}) if role in PARTICIPANTS else {404}
    if op.kind in ("concern_party", "concern_goal"):
        # A party confirms for itself (the participant too); the goal is the participant's.
        # The fresh concern has no agreed plan: the domain refuses (422, or 409 stale).
        return {200, 409, 422} if role in CONCERN_HANDLERS | PARTICIPANTS else {404}
    if op.kind == "concern_county":
        # The county adviser of the concern's county (not informed of this one: 404).
        if role == "admin":
            return {200, 409, 422}
        return {403} if role in CONCERN_HANDLERS | PARTICIPANTS else {404}
    if op.kind == "inbox":
        return {200} if role in COUNTY else {404}
    if op.kind == "submission":
        # The demo county decides in fagvei: its adviser answers; the coordinator reads.
        if role in COUNTY:
            return {200, 409, 422} if op.write else {200}
        if role in CASEWORKERS:
            return {403} if op.write else {200}
        return {404}
    if op.kind == "action_item":
        # Its owner (or one who runs the meeting) marks it done.
        return {200}
    if op.kind == "group":
        # A scheme's group: changed by those who run the scheme; a member reads it (403),
        # others do not know of it (404).
        return {200, 201, 409, 422} if role in CASEWORKERS else {403, 404}
    if op.kind in GUIDANCE_POLICY:
        # guidance/access.py: who reads and who writes, by the demo persona's role.
        readers, writers = GUIDANCE_POLICY[op.kind]
        if role not in readers:
            return {404}
        if op.write:
            return {201, 422} if role in writers else {403}
        return {200}
    if op.kind in ("document", "documents"):
        if role not in DOCUMENT_READERS:
            return {404}
        if op.write:
            return {200, 409, 422} if role in CASEWORKERS else {403}
        return {200}
    if op.kind == "approval":
        # ofo. § 6-13: the county decides; a keeper registers the county's decision.
        return {201, 422} if role in {"admin", "raadgiver", "koordinator"} else {403, 404}
    if op.kind == "decision":
        return {200, 422} if role in {"admin", "raadgiver"} else {403, 404}
    if op.write:
        allowed = {200, 201, 409, 422} | ({404} if op.may_be_absent else set())
        return allowed if role in CASEWORKERS else {403}
    if op.create:
        return {201, 422} if role in CASEWORKERS else {403}
    return {200}


def _expected_absence_and_loans(op: Op, role: str) -> set[int]:
    if op.kind == "loans":
        if role not in CASEWORKERS | PARTICIPANTS:
            return {404}
        return ({200, 201, 409, 422} if role in CASEWORKERS else {403}) if op.write else {200}
    sight = ABSENCE_SIGHT.get(role, 0)
    if op.kind == "absence_rate":
        return {200} if sight else {404}
    if not op.write:
        return {200} if sight >= 2 else {404}
    if sight == 3:
        return {200, 201, 204, 409, 422}
    if op.kind == "absence_periods":
        return {403} if sight else {404}
    return {403} if sight == 2 else {404}


def test_inside_the_scope_every_operation_answers_as_the_policy_says():
    from django.db import transaction

    load_demo()
    failures: list[str] = []
    for role in ROLES:
        client = ApiClient(make_token(User.objects.get(username=role))[1])
        ids = _inside(role)
        for (path, method), op in MATRIX.items():
            # Approvals are those of an organisation in the demo's county.
            url = _url(path, {**ids, "organisation_id": ids["approval_org_id"]} if "/approvals" in path else ids)
            with transaction.atomic():
                body = {"version": 0} if method == "PATCH" else _body(path, method, ids)
                response = client.get(url) if method == "GET" else client.send(method, url, body)
                transaction.set_rollback(True)
            if response.status_code not in _expected_inside(op, role):
                failures.append(f"{role} {method} {path}: {response.status_code}")
    assert failures == [], "\n".join(failures)
