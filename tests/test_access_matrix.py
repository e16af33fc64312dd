"""The access matrix: every URL pattern × method × demo role against an object outside
the role's scope. The test fails if a URL pattern is not in the matrix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from fagvei.accounts.models import User
from fagvei.concerns.models import PlanGoal
from fagvei.concerns.services import register_concern
from fagvei.contracts.models import Contract, Interruption, Submission
from fagvei.curricula.models import Trade
from fagvei.demo import load_demo
from fagvei.followup.services import add_action_item, schedule_meeting
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways.models import Consent, Group, GroupMember, Pathway, PathwayMember
from tests.factories import (
    make_contract,
    make_document,
    make_org,
    make_pathway,
    make_person,
    make_scheme,
    make_screening,
    make_token,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "koordinator",
    "fadder",
    "instruktor",
    "fagligleder",
    "faglaerer",
    "norsklaerer",
    "raadgiver",
    "deltaker",
]
CASEWORKERS = {"admin", "koordinator"}
PARTICIPANTS = {"deltaker"}
OK = {200, 302, 400, 422}
# Every method a client may send that changes or reads state.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Patterns outside the matrix, and why.
EXEMPT_PREFIXES = {
    "admin/": "Django's admin, guarded by is_staff and model permissions",
    "accounts/": "django-allauth's login, logout and MFA pages",
    "i18n/": "the language switch, no data",
    "api/v1/": "the API: its own matrix of operations × methods × personas (tests/api/test_api_matrix.py)",
}
EXEMPT_NAMES = {
    "healthz": "public health check without data (tests/test_health.py)",
    "api_docs": "the API's public documentation, without data (tests/api/test_openapi.py)",
    "calendar_feed": (
        "the calendar feed, fetched by calendar services that cannot log in: the secret in its address is the "
        "credential; an unknown or revoked secret is 404 (tests/calendars/test_feed_access.py)"
    ),
}


@dataclass
class Case:
    kind: str | None  # the object type the URL names, or None
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda o: {})
    methods: tuple[str, ...] = ("GET",)
    write: bool = False
    create: bool = False


MATRIX: dict[str, Case] = {
    "home": Case(None),
    "pathway_list": Case(None),
    "pathway_create": Case(None, methods=("GET", "POST"), create=True),
    # The list's action on the chosen pathways (the ids it acts on: tests/pathways/
    # test_bulk_actions.py); for those who manage pathways.
    "pathway_bulk": Case(None, methods=("POST",), create=True),
    "pathway_detail": Case("pathway", lambda o: {"pk": o["pathway"]}),
    "pathway_edit": Case("pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "pathway_screening": Case("pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "pathway_transition": Case(
        "pathway", lambda o: {"pk": o["pathway"], "name": "start_screening"}, ("GET", "POST"), write=True
    ),
    "pathway_member_add": Case("pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "pathway_member_remove": Case(
        "pathway", lambda o: {"pk": o["pathway"], "member_pk": o["member"]}, ("GET", "POST"), write=True
    ),
    "pathway_consent_add": Case("pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "pathway_consent_withdraw": Case(
        "pathway", lambda o: {"pk": o["pathway"], "consent_pk": o["consent"]}, ("POST",), write=True
    ),
    "pathway_police_certificate": Case("pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "document_upload": Case("pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "document_download": Case("document", lambda o: {"pk": o["document"]}),
    "document_delete": Case("document", lambda o: {"pk": o["document"]}, ("GET", "POST"), write=True),
    "person_list": Case(None),
    "person_create": Case(None, methods=("GET", "POST"), create=True),
    "person_detail": Case("person", lambda o: {"pk": o["person"]}),
    "person_edit": Case("person", lambda o: {"pk": o["person"]}, ("GET", "POST"), write=True),
    "organisation_list": Case(None),
    "organisation_create": Case(None, methods=("GET", "POST"), create=True),
    "organisation_detail": Case("organisation", lambda o: {"pk": o["organisation"]}),
    "organisation_edit": Case("organisation", lambda o: {"pk": o["organisation"]}, ("GET", "POST"), write=True),
    "organisation_approval_add": Case("organisation", lambda o: {"pk": o["organisation"]}, ("GET", "POST"), write=True),
    "organisation_approval_status": Case(
        "organisation", lambda o: {"pk": o["organisation"], "approval_pk": o["approval"]}, ("POST",), write=True
    ),
    "curriculum_list": Case(None),
    "curriculum_detail": Case("curriculum", lambda o: {"pk": o["missing_curriculum"]}),
    # Each user's own access tokens (under accounts/, but fagvei's own pages).
    "api_tokens": Case(None, methods=("GET", "POST")),
    "api_token_revoke": Case("token", lambda o: {"pk": o["token"]}, ("POST",), write=True),
    # The contract's pages hang on the pathway: its scope, and the contract's own rules.
    "contract_detail": Case("contract", lambda o: {"pk": o["contract_pathway"]}),
    "contract_create": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "contract_edit": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "contract_submit": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "interruption_start": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "interruption_end": Case(
        "contract",
        lambda o: {"pk": o["contract_pathway"], "interruption_pk": o["interruption"]},
        ("GET", "POST"),
        write=True,
    ),
    "interruption_report": Case(
        "contract",
        lambda o: {"pk": o["contract_pathway"], "interruption_pk": o["interruption"]},
        ("GET", "POST"),
        write=True,
    ),
    "contract_change": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "contract_terminate": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "contract_cancellation": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "contract_agreement": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "contract_attest": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("GET", "POST"), write=True),
    "contract_attest_issue": Case("contract", lambda o: {"pk": o["contract_pathway"]}, ("POST",), write=True),
    # The county's inbox and settings: its advisers' (and the administrator's) pages.
    "county_inbox": Case("county"),
    "county_settings": Case("county", methods=("GET", "POST"), write=True),
    # What was sent to a county: its advisers, and those who manage the pathway.
    "county_submission": Case("submission", lambda o: {"pk": o["submission"]}, ("GET", "POST"), write=True),
    "county_document": Case("submission", lambda o: {"pk": o["submission"], "document_pk": o["submission_document"]}),
    # contract PDFs: GET only; for the administrator only where there is a contract (an
    # issued attest), 404 to everyone else here. tests/contracts/test_pdf.py runs the same
    # matrix against an outside pathway with a contract and an issued attest.
    "contract_application_pdf": Case("contract_pdf", lambda o: {"pk": o["pathway"]}),
    "contract_attest_pdf": Case("contract_pdf", lambda o: {"pk": o["pathway"]}),
    # follow-up: meetings
    "pathway_meetings": Case("pathway", lambda o: {"pk": o["pathway"]}),
    "pathway_meeting_new": Case("pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "meeting_list": Case(None),
    "task_list": Case(None),
    "deadline_list": Case(None),
    # The user's own calendar feed: its page, a new address, turning it off (no object).
    "calendar": Case(None),
    "calendar_new": Case(None, methods=("POST",)),
    "calendar_off": Case(None, methods=("POST",)),
    # Each user's own e-mail reminders: no id in the address, nobody else's to ask for.
    "reminder_preference": Case(None, methods=("GET", "POST")),
    "meeting_detail": Case("meeting", lambda o: {"pk": o["meeting"]}),
    "meeting_minutes_pdf": Case("meeting", lambda o: {"pk": o["meeting"]}),
    "meeting_edit": Case("meeting", lambda o: {"pk": o["meeting"]}, ("GET", "POST"), write=True),
    "meeting_minutes": Case("meeting", lambda o: {"pk": o["meeting"]}, ("GET", "POST"), write=True),
    "meeting_transition": Case("meeting", lambda o: {"pk": o["meeting"], "name": "hold"}, ("POST",), write=True),
    "meeting_action_item_add": Case("meeting", lambda o: {"pk": o["meeting"]}, ("POST",), write=True),
    "meeting_addendum_add": Case("meeting", lambda o: {"pk": o["meeting"]}, ("POST",), write=True),
    "action_item_done": Case("action_item", lambda o: {"pk": o["action_item"]}, ("POST",), write=True),
    # follow-up: the scheme page, its groups and the group meetings' notes and report
    "scheme_list": Case(None),
    "scheme_detail": Case("scheme", lambda o: {"pk": o["scheme"]}),
    "group_create": Case("scheme", lambda o: {"pk": o["scheme"]}, ("GET", "POST"), write=True),
    "theme_edit": Case("scheme", lambda o: {"pk": o["scheme"]}, ("GET", "POST"), write=True),
    "group_edit": Case("group", lambda o: {"pk": o["group"]}, ("GET", "POST"), write=True),
    "group_member_add": Case("group", lambda o: {"pk": o["group"]}, ("GET", "POST"), write=True),
    "group_member_remove": Case(
        "group", lambda o: {"pk": o["group"], "member_pk": o["group_member"]}, ("GET", "POST"), write=True
    ),
    "group_meeting_new": Case("group", lambda o: {"pk": o["group"]}, ("GET", "POST"), write=True),
    "meeting_notes": Case("group_meeting", lambda o: {"pk": o["group_meeting"]}, ("GET", "POST"), write=True),
    "meeting_report": Case("group_meeting", lambda o: {"pk": o["group_meeting"]}, ("GET", "POST"), write=True),
    # guidance: the guidance log, teacher visits and language progress of a pathway (each
    # page reads on GET and writes on POST), and the trade teacher's own list.
    "pathway_guidance": Case("guidance", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "pathway_visits": Case("visit", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "pathway_language": Case("language", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "visit_list": Case(None),
    # plans: the training plan and the half-yearly assessments (fagvei/plans/access.py).
    # The plan's page and the assessments' pages show on GET and change on POST.
    "plan_detail": Case("plan", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "plan_goal_edit": Case("plan", lambda o: {"pk": o["pathway"], "gid": o["plan_goal"]}, ("GET", "POST"), write=True),
    "plan_pdf": Case("plan", lambda o: {"pk": o["pathway"]}),
    "plan_comment_add": Case("plan_comment", lambda o: {"pk": o["pathway"]}, ("POST",), write=True),
    "assessment_list": Case("plan", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
    "assessment_detail": Case("assessment", lambda o: {"pk": o["assessment"]}, ("GET", "POST"), write=True),
    "assessment_transition": Case(
        "assessment", lambda o: {"pk": o["assessment"], "name": "sign_instructor"}, ("POST",), write=True
    ),
    "assessment_pdf": Case("assessment", lambda o: {"pk": o["assessment"]}),
}
# The kinds whose pages read on GET and write on POST (the policy's READ row for a GET).
READ_ON_GET = ("submission", "guidance", "visit", "language", "exams", "concern_pathway")
# Pages (by name) that show on GET to those who only read, and change on POST.
READ_ON_GET_PAGES = {"plan_detail", "assessment_list", "assessment_detail"}


def _plan_rows(pathway: Any) -> tuple[Any, Any]:
    """The pathway's training plan (from a curriculum with goals) and a draft assessment
    for its last half-year: a goal row of the one, and the other."""
    from fagvei.curricula.models import Curriculum
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


# Absence (fagvei/absence/access.py) and equipment loans (fagvei/equipment/access.py).
MATRIX.update(
    {
        "pathway_absence": Case("absence_pathway", lambda o: {"pk": o["pathway"]}),
        "pathway_absence_new": Case("absence_pathway", lambda o: {"pk": o["pathway"]}, ("POST",), write=True),
        "absence_edit": Case("absence", lambda o: {"pk": o["absence"]}, ("GET", "POST"), write=True),
        "absence_delete": Case("absence", lambda o: {"pk": o["absence"]}, ("POST",), write=True),
        "pathway_equipment": Case("loan_pathway", lambda o: {"pk": o["pathway"]}),
        "pathway_equipment_new": Case("loan_pathway", lambda o: {"pk": o["pathway"]}, ("POST",), write=True),
        "loan_return": Case("loan", lambda o: {"pk": o["loan"]}, ("POST",), write=True),
    }
)
OWN_KINDS = ("absence_pathway", "absence", "loan_pathway", "loan")
# The concern ladder (fagvei/concerns/access.py): need to know. The pathway's concerns page
# lists on GET and registers on POST; a concern's page reads; its steps write.
MATRIX.update(
    {
        "pathway_concerns": Case("concern_pathway", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
        "concern_detail": Case("concern", lambda o: {"pk": o["concern"]}),
        "concern_step": Case(
            "concern", lambda o: {"pk": o["concern"], "name": "hold_conversation"}, ("POST",), write=True
        ),
        "concern_note_add": Case("concern", lambda o: {"pk": o["concern"]}, ("POST",), write=True),
        # The case packet for the county: for those who handle it and the county adviser.
        "concern_packet_pdf": Case("concern_packet", lambda o: {"pk": o["concern"]}),
        # The follow-up plan: a confirmation on paper, the signed scan and the plan's
        # interruption by those who handle it; a party's own confirmation (the participant
        # too); a goal ticked by the person responsible; the county adviser's contact.
        "concern_paper_signature": Case("concern", lambda o: {"pk": o["concern"]}, ("POST",), write=True),
        "concern_signed_plan": Case("concern", lambda o: {"pk": o["concern"]}, ("POST",), write=True),
        "concern_interruption": Case("concern", lambda o: {"pk": o["concern"]}, ("POST",), write=True),
        "concern_confirm_plan": Case("concern_party", lambda o: {"pk": o["concern"]}, ("POST",), write=True),
        "concern_goal_done": Case("concern_goal", lambda o: {"pk": o["concern_goal"]}, ("POST",), write=True),
        "concern_county_contact": Case("concern_county", lambda o: {"pk": o["concern"]}, ("POST",), write=True),
        # Planning the concern conversation or the clarification meeting: by those who handle it.
        "concern_meeting_schedule": Case("concern", lambda o: {"pk": o["concern"]}, ("POST",), write=True),
        # The concerns the county was informed of: its advisers' (and the administrator's) list.
        "county_concerns": Case("county"),
    }
)
CONCERN_KINDS = ("concern_pathway", "concern", "concern_packet", "concern_party", "concern_goal", "concern_county")

# Exams (fagvei/exams/access.py): a pathway's exams read by those who manage it, its
# participant, its teachers, professional manager and instructor, and planned (POST) by
# those who manage it; an entry's steps for those who manage it; a teacher's
# recommendation; the participation certificate once the participant is closed after
# passing (tests/exams/test_pages.py has the completed case). The coordinator's /exams/.
MATRIX.update(
    {
        "exam_overview": Case(None),
        "pathway_exams": Case("exams", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
        "exam_recommend": Case("exam_recommend", lambda o: {"pk": o["pathway"]}, ("GET", "POST"), write=True),
        "exam_step": Case(
            "exam_entry", lambda o: {"pk": o["exam_entry"], "name": "withdraw"}, ("GET", "POST"), write=True
        ),
        "exam_certificate_pdf": Case("exam_certificate", lambda o: {"pk": o["pathway"]}),
    }
)
EXAM_KINDS = ("exams", "exam_recommend", "exam_entry", "exam_certificate")


def _exam_entry(pathway: Any) -> Any:
    """A withdrawn Norwegian test on the pathway: its step pages answer about access, and
    it stands beside whatever the pathway has under way."""
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


def _absence_and_loan(pathway: Any) -> dict[str, int]:
    """A period of absence (in 2099, clear of the demo's) and an iPad lent, on the pathway."""
    from fagvei.absence.services import register_absence
    from fagvei.equipment.services import lend

    admin = User.objects.get(username="admin")
    day = dt.date(2099, 3, 2) + dt.timedelta(weeks=pathway.absences.count())
    absence = register_absence(actor=admin, pathway_id=pathway.pk, kind="other", starts_on=day, ends_on=day)
    loan = lend(actor=admin, pathway_id=pathway.pk, item="iPad", lent_on=dt.date(2026, 1, 5))
    return {"absence": absence.pk, "loan": loan.pk}


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_patterns(entry, route))
        elif isinstance(entry, URLPattern):
            found.append((route, entry.name))
    return found


def test_every_url_pattern_is_in_the_matrix():
    missing = []
    for route, name in _patterns(get_resolver()):
        if any(route.startswith(p) for p in EXEMPT_PREFIXES) or name in EXEMPT_NAMES:
            continue
        if name not in MATRIX:
            missing.append(f"{route} ({name})")
    assert missing == [], "URL patterns missing from the access matrix: " + ", ".join(missing)
    stale = set(MATRIX) - {name for _, name in _patterns(get_resolver())}
    assert not stale, f"matrix entries without a URL pattern: {stale}"


@pytest.fixture
def outside() -> dict[str, Any]:
    """The demo, plus a municipality none of the demo users belong to."""
    load_demo()
    elsewhere = make_org(Organisation.Kind.MUNICIPAL_SERVICE, "Utenby kommune")
    trade = Trade.objects.get(code="HEA")
    scheme = make_scheme(elsewhere, trade)
    person = make_person("Ute", "Utenfor", registered_by_organisation=elsewhere)
    pathway = make_pathway(scheme, participant=person, stage="starting")
    coordinator = User.objects.get(username="admin")
    make_screening(pathway, coordinator)
    member = PathwayMember.objects.create(pathway=pathway, person=make_person("Annen", "Fadder"), role="mentor")
    consent = Consent.objects.create(
        pathway=pathway, purpose="participation", given_on=timezone.localdate(), registered_by=coordinator
    )
    approval = TradeApproval.objects.create(organisation=elsewhere, trade=trade, approved_on=timezone.localdate())
    document = make_document(pathway, coordinator)
    # Its contract, with a company in a county none of the demo users advise, the
    # application sent there with a document, and an interruption.
    county = make_org(Organisation.Kind.COUNTY, "Utenfylket")
    company = make_org(Organisation.Kind.TRAINING_COMPANY, "Utenfor sykehjem", county=county)
    TradeApproval.objects.create(organisation=company, trade=trade, approved_on=timezone.localdate())
    pathway.workplace = company
    pathway.planned_start = timezone.localdate()
    pathway.planned_end = timezone.localdate() + dt.timedelta(days=730)
    pathway.save()
    contract = make_contract(pathway, coordinator)
    submission = contract.submissions.get()
    submission.documents.add(document)
    interruption = Interruption.objects.create(
        contract=contract, reason="illness", starts_on=timezone.localdate(), registered_by=coordinator
    )
    meeting = schedule_meeting(
        actor=coordinator,
        pathway_id=pathway.pk,
        kind="assessment",
        starts_at=timezone.now(),
        invitees=[person.pk, member.person_id],
    )
    item = add_action_item(
        actor=coordinator, meeting_id=meeting.pk, text="Følg opp", owner=person.pk, deadline=timezone.localdate()
    )
    group = Group.objects.create(scheme=scheme, kind="project", name="Utenfor prosjektgruppe")
    group_member = GroupMember.objects.create(group=group, person=person)
    group_meeting = schedule_meeting(
        actor=coordinator, group_id=group.pk, kind="project_group", starts_at=timezone.now(), invitees=[person.pk]
    )
    plan_goal, assessment = _plan_rows(pathway)
    concern = register_concern(
        actor=coordinator,
        pathway_id=pathway.pk,
        categories=["illness"],
        description="Utenfor-bekymring",
        noticed_on=timezone.localdate(),
    )
    goal = PlanGoal.objects.create(
        concern=concern,
        text="Utenfor-mål",
        deadline=timezone.localdate(),
        responsible=person,
        created_at=timezone.now(),
    )
    return {
        "concern": concern.pk,
        "concern_goal": goal.pk,
        "scheme": scheme.pk,
        "group": group.pk,
        "group_member": group_member.pk,
        "group_meeting": group_meeting.pk,
        "plan_goal": plan_goal.pk,
        "assessment": assessment.pk,
        **_absence_and_loan(pathway),
        "exam_entry": _exam_entry(pathway).pk,
        "pathway": pathway.pk,
        "contract_pathway": pathway.pk,
        "interruption": interruption.pk,
        "submission": submission.pk,
        "submission_document": document.pk,
        "document": document.pk,
        "meeting": meeting.pk,
        "action_item": item.pk,
        "person": person.pk,
        "member": member.pk,
        "consent": consent.pk,
        "organisation": elsewhere.pk,
        "approval": approval.pk,
        "missing_curriculum": 999_999,
        # A token of a user outside the demo: nobody else may revoke it, or learn it exists.
        "token": make_token(make_user(None, username="utenfor"))[0].pk,
    }


def _expected(case: Case, role: str, method: str) -> set[int]:
    if method not in case.methods:
        return {405}
    if case.kind in ("curriculum", "token"):
        return {404}
    if case.kind == "plan_comment":
        # The trade teacher on the pathway comments; the administrator is none.
        return {403} if role == "admin" else {404}
    if case.kind in (
        "pathway",
        "person",
        "document",
        "contract",
        "submission",
        "meeting",
        "action_item",
        "scheme",
        "group",
        "group_meeting",
        "plan",
        "assessment",
        *OWN_KINDS,
        *CONCERN_KINDS,
    ):
        # (the outside submission went to a county none of the demo advisers advise)
        return OK if role == "admin" else {404}
    if case.kind == "county":
        # The county's own pages: only for its advisers (and the administrator).
        return OK if role in ("admin", "raadgiver") else {404}
    if case.kind == "organisation":
        if role in PARTICIPANTS:
            return {404}
        # The outside organisation was registered by no demo organisation and lies in
        # no demo county: only the administrator changes it or its approvals.
        if case.write and role != "admin":
            return {403}
        return OK
    if case.kind == "contract_pdf":
        return OK | {404} if role == "admin" else {404}
    if case.kind in ("exams", "exam_entry"):
        return OK if role == "admin" else {404}
    if case.kind == "exam_recommend":
        # The administrator reads the exams, and is no teacher on the pathway.
        return {403} if role == "admin" else {404}
    if case.kind == "exam_certificate":
        # The outside pathway is in start-up: no certificate, for anyone.
        return {404}
    if case.kind in ("visit", "language"):
        # Written by the pathway's trade or Norwegian teacher only: the administrator reads.
        return ({403} if method == "POST" else OK) if role == "admin" else {404}
    if case.kind == "guidance":
        return OK if role == "admin" else {404}
    if case.create and role not in CASEWORKERS:
        return {403}
    return OK


def test_the_access_matrix(outside):
    failures = []
    tried = 0
    anonymous = Client()
    for name, case in MATRIX.items():
        url = reverse(name, kwargs=case.kwargs(outside))
        for method in METHODS:
            response = anonymous.generic(method, url)
            tried += 1
            if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
                failures.append(f"anonymous {method} {url}: {response.status_code}")
    for role in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=role))
        for name, case in MATRIX.items():
            url = reverse(name, kwargs=case.kwargs(outside))
            for method in METHODS:
                response = client.generic(method, url)
                tried += 1
                expected = _expected(case, role, method)
                if response.status_code not in expected:
                    failures.append(f"{role} {method} {url} ({name}): {response.status_code}, expected {expected}")
    assert failures == [], f"{len(failures)} of {tried} requests got through:\n" + "\n".join(failures)


def test_every_unsafe_request_without_a_csrf_token_is_refused(outside):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="admin"))
    posted = [name for name, case in MATRIX.items() if "POST" in case.methods]
    assert len(posted) > 10
    through = []
    for name in posted:
        url = reverse(name, kwargs=MATRIX[name].kwargs(outside))
        response = client.post(url, {})
        if response.status_code != 403:
            through.append(f"{name}: {response.status_code}")
    assert through == [], f"{len(through)} of {len(posted)} got through without a CSRF token: {through}"


# Inside the scope: the policy table ----------------------------------------------------

READ, WRITE, REGISTER, DECIDE = "read", "write", "register", "decide"
# What each role may do with an object, by the role's relation to it. Later need-to-know
# rules (a mentor and the concern notes; the county adviser and what was sent to the
# county) add rows here. "ok" is any answer of a page that works (200, a redirect after
# a save, a form returned with its errors), "403" a refusal to write, "404" an object the
# user may not know of.
POLICY: dict[tuple[str, str], dict[str, dict[str, str]]] = {
    # The coordinator runs the demo's schemes; the administrator sees everything.
    ("pathway", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
    # The people around the participant follow the pathway; they do not change it.
    ("pathway", "a member"): {
        role: {READ: "ok", WRITE: "403"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
    },
    ("pathway", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # Documents are personal data: seen by those who manage the pathway and by its
    # participant (GDPR art. 15), changed by those who manage it; the people around the
    # participant do not know of them (need to know).
    ("document", "on a pathway the user runs"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
    ("document", "on a pathway the user is a member of"): {
        role: {READ: "404", WRITE: "404"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
    },
    ("document", "the user's own"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # Minutes are read by the meeting's invitees and by those who manage the pathway, and
    # changed by the latter; an action item is marked done by its owner too.
    ("meeting", "on a pathway the user runs"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
    ("meeting", "invited to it"): {
        role: {READ: "ok", WRITE: "403"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver", "deltaker")
    },
    ("action_item", "on a meeting the user runs"): {role: {WRITE: "ok"} for role in ("admin", "koordinator")},
    ("action_item", "owned by the user"): {
        role: {WRITE: "ok"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver", "deltaker")
    },
    # The scheme page (seed 002): changed by those who run the scheme; its monthly themes
    # read by everyone on a pathway of it (the groups only by their members).
    ("scheme", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
    ("scheme", "on a pathway of it"): {
        role: {READ: "ok", WRITE: "403"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver", "deltaker")
    },
    ("person", "registered by the user's organisation"): {
        "admin": {READ: "ok", WRITE: "ok"},
        "koordinator": {READ: "ok", WRITE: "ok"},
    },
    ("person", "on a pathway the user follows"): {
        role: {READ: "ok", WRITE: "403"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
    },
    ("person", "the user themselves"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # Organisations: public register data for staff; changed by the registering
    # organisation; approvals decided by the county (ol. §§ 7-5, 7-6).
    ("organisation", "registered by the user's organisation"): {
        "admin": {READ: "ok", WRITE: "ok"},
        "koordinator": {READ: "ok", WRITE: "ok"},
        **{
            role: {READ: "ok", WRITE: "403"}
            for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
        },
    },
    ("organisation", "the workplace of the user's own pathway"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # Registering a decision the county made is open to the organisation's keeper (with
    # the county's reference); changing an approval is the county's alone.
    ("approval", "in the user's county"): {
        "admin": {REGISTER: "ok", DECIDE: "ok"},
        "raadgiver": {REGISTER: "ok", DECIDE: "ok"},
        "koordinator": {REGISTER: "ok", DECIDE: "403"},
        **{
            role: {REGISTER: "403", DECIDE: "403"}
            for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer")
        },
    },
    # The contract's page: as the pathway's, but changed only by those who manage it.
    ("contract", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
    ("contract", "a member"): {
        role: {READ: "ok", WRITE: "403"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
    },
    ("contract", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # What was sent to the county: its advisers see and decide it (the demo county
    # decides in fagvei); the coordinator sees what they sent; nobody else knows of it.
    ("submission", "on a pathway the user runs"): {
        "admin": {READ: "ok", WRITE: "ok"},
        "koordinator": {READ: "ok", WRITE: "403"},
    },
    ("submission", "sent to the user's county"): {"raadgiver": {READ: "ok", WRITE: "ok"}},
    ("submission", "on a pathway the user follows"): {
        role: {READ: "404", WRITE: "404"}
        for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer")
    },
    ("submission", "on the user's own pathway"): {"deltaker": {READ: "404", WRITE: "404"}},
    # The county's inbox and settings.
    ("county", "the user's county"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "raadgiver")},
    ("county", "no county"): {
        role: {READ: "404", WRITE: "404"}
        for role in ("koordinator", "fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "deltaker")
    },
    # The guidance log (seed 001): written by the instructor, the professional manager and
    # those who manage the pathway; read by them and the participant; not the mentor.
    ("guidance", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
    ("guidance", "a member"): {
        **{role: {READ: "ok", WRITE: "ok"} for role in ("instruktor", "fagligleder")},
        **{role: {READ: "404", WRITE: "404"} for role in ("fadder", "faglaerer", "norsklaerer", "raadgiver")},
    },
    ("guidance", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # Teacher visits (seed 002): written by the trade teacher.
    ("visit", "runs it"): {role: {READ: "ok", WRITE: "403"} for role in ("admin", "koordinator")},
    ("visit", "a member"): {
        "faglaerer": {READ: "ok", WRITE: "ok"},
        **{role: {READ: "ok", WRITE: "403"} for role in ("instruktor", "fagligleder")},
        **{role: {READ: "404", WRITE: "404"} for role in ("fadder", "norsklaerer", "raadgiver")},
    },
    ("visit", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # Language progress (seed 002): written by the Norwegian teacher; the trade teacher reads.
    ("language", "runs it"): {role: {READ: "ok", WRITE: "403"} for role in ("admin", "koordinator")},
    ("language", "a member"): {
        "norsklaerer": {READ: "ok", WRITE: "ok"},
        "faglaerer": {READ: "ok", WRITE: "403"},
        **{role: {READ: "404", WRITE: "404"} for role in ("fadder", "instruktor", "fagligleder", "raadgiver")},
    },
    ("language", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
    # The training plan (ol. § 7-10): kept by those who manage the pathway, its
    # professional manager and instructor; read by the mentor, the teachers and the
    # participant; the trade teacher comments. Another role on the pathway (the county
    # adviser) does not know of it.
    ("plan", "keeps it"): {
        role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator", "instruktor", "fagligleder")
    },
    ("plan", "reads it"): {
        role: {READ: "ok", WRITE: "403"} for role in ("fadder", "faglaerer", "norsklaerer", "deltaker")
    },
    ("plan", "another role on the pathway"): {"raadgiver": {READ: "404", WRITE: "404"}},
    ("plan_comment", "keeps it"): {
        role: {WRITE: "403"} for role in ("admin", "koordinator", "instruktor", "fagligleder")
    },
    ("plan_comment", "reads it"): {
        "faglaerer": {WRITE: "ok"},
        **{role: {WRITE: "403"} for role in ("fadder", "norsklaerer", "deltaker")},
    },
    ("plan_comment", "another role on the pathway"): {"raadgiver": {WRITE: "404"}},
    # A half-yearly assessment (ofo. § 9-13) as a draft: seen by those who draft it only.
    ("assessment", "drafts it"): {
        role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator", "instruktor", "fagligleder")
    },
    ("assessment", "a draft"): {
        role: {READ: "404", WRITE: "404"} for role in ("fadder", "faglaerer", "norsklaerer", "deltaker", "raadgiver")
    },
}
# Absence (issue 11): reasons to those who manage the pathway and its professional
# manager, who register it; the participant sees their own periods; the instructor and
# the mentor the rate only (the page, without the periods); others on the pathway 404.
POLICY.update(
    {
        ("absence_pathway", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
        ("absence_pathway", "a member"): {
            "fagligleder": {READ: "ok", WRITE: "ok"},
            "fadder": {READ: "ok", WRITE: "403"},
            "instruktor": {READ: "ok", WRITE: "403"},
            **{role: {READ: "404", WRITE: "404"} for role in ("faglaerer", "norsklaerer", "raadgiver")},
        },
        ("absence_pathway", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
        ("absence", "runs it"): {role: {WRITE: "ok"} for role in ("admin", "koordinator")},
        ("absence", "a member"): {
            "fagligleder": {WRITE: "ok"},
            **{role: {WRITE: "404"} for role in ("fadder", "instruktor", "faglaerer", "norsklaerer", "raadgiver")},
        },
        ("absence", "its participant"): {"deltaker": {WRITE: "403"}},
        # Equipment loans: those who manage the pathway, and its participant (seed 002 § 6).
        ("loan_pathway", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
        ("loan_pathway", "a member"): {
            role: {READ: "404", WRITE: "404"}
            for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
        },
        ("loan_pathway", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
        ("loan", "runs it"): {role: {WRITE: "ok"} for role in ("admin", "koordinator")},
        ("loan", "a member"): {
            role: {WRITE: "404"}
            for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
        },
        ("loan", "its participant"): {"deltaker": {WRITE: "403"}},
    }
)
# Exams (fagvei/exams/access.py).
EXAM_READERS = ("instruktor", "fagligleder", "faglaerer", "norsklaerer")
POLICY.update(
    {
        ("exams", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
        ("exams", "a member"): {
            **{role: {READ: "ok", WRITE: "403"} for role in EXAM_READERS},
            **{role: {READ: "404", WRITE: "404"} for role in ("fadder", "raadgiver")},
        },
        ("exams", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
        # The teachers recommend when to register (seed 002); nobody else.
        ("exam_recommend", "runs it"): {role: {WRITE: "403"} for role in ("admin", "koordinator")},
        ("exam_recommend", "a member"): {
            **{role: {WRITE: "ok"} for role in ("faglaerer", "norsklaerer")},
            **{role: {WRITE: "403"} for role in ("instruktor", "fagligleder")},
            **{role: {WRITE: "404"} for role in ("fadder", "raadgiver")},
        },
        ("exam_recommend", "its participant"): {"deltaker": {WRITE: "403"}},
        ("exam_entry", "runs it"): {role: {WRITE: "ok"} for role in ("admin", "koordinator")},
        ("exam_entry", "a member"): {
            **{role: {WRITE: "403"} for role in EXAM_READERS},
            **{role: {WRITE: "404"} for role in ("fadder", "raadgiver")},
        },
        ("exam_entry", "its participant"): {"deltaker": {WRITE: "403"}},
        # The pathways the personas are inside are open: no certificate yet, for anyone.
        ("exam_certificate", "runs it"): {role: {READ: "404"} for role in ("admin", "koordinator")},
        ("exam_certificate", "a member"): {
            role: {READ: "404"}
            for role in ("fadder", "instruktor", "fagligleder", "faglaerer", "norsklaerer", "raadgiver")
        },
        ("exam_certificate", "its participant"): {"deltaker": {READ: "404"}},
    }
)
# The concern ladder (issue 14; fagvei/concerns/access.py): notes and categories only for
# those who handle it — who manage the pathway, who raised it — the county adviser once
# the county is informed, and the participant (their own case). A mentor, instructor or
# teacher on the same pathway may not know of it: 404, as for an id that does not exist.
# The company and the school (professional manager, trade teacher) register concerns.
POLICY.update(
    {
        ("concern_pathway", "runs it"): {role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")},
        ("concern_pathway", "a member"): {
            **{role: {READ: "ok", WRITE: "ok"} for role in ("fagligleder", "faglaerer")},
            "raadgiver": {READ: "ok", WRITE: "403"},
            **{role: {READ: "404", WRITE: "404"} for role in ("fadder", "instruktor", "norsklaerer")},
        },
        ("concern_pathway", "its participant"): {"deltaker": {READ: "ok", WRITE: "403"}},
        ("concern", "on a pathway the user runs"): {
            role: {READ: "ok", WRITE: "ok"} for role in ("admin", "koordinator")
        },
        ("concern", "raised by the user"): {"fagligleder": {READ: "ok", WRITE: "ok"}},
        ("concern", "sent to the user's county"): {"raadgiver": {READ: "ok", WRITE: "403"}},
        ("concern", "raised by another on a pathway the user follows"): {
            role: {READ: "404", WRITE: "404"} for role in ("fadder", "instruktor", "faglaerer", "norsklaerer")
        },
        ("concern", "on the user's own pathway"): {"deltaker": {READ: "ok", WRITE: "403"}},
        # The case packet is made for the county: the participant reads their case on its
        # page, and is refused the packet (it holds others' internal notes).
        ("concern_packet", "on a pathway the user runs"): {role: {READ: "ok"} for role in ("admin", "koordinator")},
        ("concern_packet", "raised by the user"): {"fagligleder": {READ: "ok"}},
        ("concern_packet", "sent to the user's county"): {"raadgiver": {READ: "ok"}},
        ("concern_packet", "raised by another on a pathway the user follows"): {
            role: {READ: "404"} for role in ("fadder", "instruktor", "faglaerer", "norsklaerer")
        },
        ("concern_packet", "on the user's own pathway"): {"deltaker": {READ: "403"}},
    }
)
# The follow-up plan (fagvei/concerns/plans.py): each party confirms it for themselves (the
# participant from their own login); a goal is ticked by the person responsible (here the
# participant) or those who handle the concern; the county adviser records their contact
# with the participant. A reader who is none of these is refused (403); one who may not
# know of the concern gets 404.
_NONE_OF_IT = {role: {READ: "404", WRITE: "404"} for role in ("fadder", "instruktor", "faglaerer", "norsklaerer")}
for _kind in ("concern_party", "concern_goal"):
    POLICY.update(
        {
            (_kind, "on a pathway the user runs"): {role: {WRITE: "ok"} for role in ("admin", "koordinator")},
            (_kind, "raised by the user"): {"fagligleder": {WRITE: "ok"}},
            (_kind, "sent to the user's county"): {"raadgiver": {WRITE: "403"}},
            (_kind, "raised by another on a pathway the user follows"): _NONE_OF_IT,
            (_kind, "on the user's own pathway"): {"deltaker": {WRITE: "ok"}},
        }
    )
POLICY.update(
    {
        ("concern_county", "on a pathway the user runs"): {"admin": {WRITE: "ok"}, "koordinator": {WRITE: "403"}},
        ("concern_county", "raised by the user"): {"fagligleder": {WRITE: "403"}},
        ("concern_county", "sent to the user's county"): {"raadgiver": {WRITE: "ok"}},
        ("concern_county", "raised by another on a pathway the user follows"): _NONE_OF_IT,
        ("concern_county", "on the user's own pathway"): {"deltaker": {WRITE: "403"}},
    }
)
EXPECTED = {"ok": OK, "403": {403}, "404": {404}}
# URL pattern → (object type, what it does to it).
KIND_OF = {
    name: (case.kind, WRITE if case.write else READ)
    for name, case in MATRIX.items()
    if case.kind
    in (
        "pathway",
        "person",
        "organisation",
        "document",
        "contract",
        "submission",
        "county",
        "meeting",
        "action_item",
        "scheme",
        "guidance",
        "visit",
        "language",
        "plan",
        "plan_comment",
        "assessment",
        *OWN_KINDS,
        *EXAM_KINDS,
        *CONCERN_KINDS,
    )
}
KIND_OF["organisation_approval_add"] = ("approval", REGISTER)
KIND_OF["organisation_approval_status"] = ("approval", DECIDE)


def _inside(role: str) -> dict[str, Any]:
    """For a demo role: an object of each kind inside its scope, and how it relates."""
    user = User.objects.get(username=role)
    if role in ("admin", "koordinator"):
        pathway = Pathway.objects.filter(stage="starting").order_by("id").first()
        relation = "runs it"
    elif role == "deltaker":
        pathway = Pathway.objects.get(participant=user.person)
        relation = "its participant"
    else:
        pathway = Pathway.objects.filter(members__person=user.person).order_by("id").first()
        relation = "a member"
    assert pathway is not None, role
    member = pathway.members.order_by("id").first() or PathwayMember.objects.create(
        pathway=pathway, person=make_person("Ekstra", "Fadder"), role="mentor"
    )
    consent = pathway.consents.order_by("id").first() or Consent.objects.create(
        pathway=pathway, purpose="participation", given_on=timezone.localdate(), registered_by=user
    )
    if role in ("admin", "koordinator"):
        person, person_relation = pathway.participant, "registered by the user's organisation"
    elif role == "deltaker":
        person, person_relation = user.person, "the user themselves"
    else:
        person, person_relation = pathway.participant, "on a pathway the user follows"
    organisation = (
        Organisation.objects.filter(pk=pathway.workplace_id or 0).first()
        or Organisation.objects.filter(kind="training_company").order_by("id").first()
    )
    if role == "deltaker":
        organisation = Organisation.objects.get(pk=pathway.workplace_id)
    approval = TradeApproval.objects.filter(organisation__county__isnull=False).order_by("id").first()
    assert organisation is not None and approval is not None
    document = make_document(pathway, User.objects.get(username="admin"))
    contract, interruption, submission, sent_document = _inside_contract(role, user, pathway)
    # A meeting on the pathway: the user is invited to it unless they run the pathway,
    # and owns its action item.
    runs = role in ("admin", "koordinator")
    invited = pathway.participant_id if runs else user.person_id
    meeting = schedule_meeting(
        actor=User.objects.get(username="koordinator"),
        pathway_id=pathway.pk,
        kind="assessment",
        starts_at=timezone.now(),
        invitees=[invited],
    )
    item = add_action_item(
        actor=User.objects.get(username="koordinator"),
        meeting_id=meeting.pk,
        text="Følg opp",
        owner=invited,
        deadline=timezone.localdate(),
    )
    plan_goal, assessment = _plan_rows(pathway)
    keeps = role in ("admin", "koordinator", "instruktor", "fagligleder")
    reads = role in ("fadder", "faglaerer", "norsklaerer", "deltaker")
    plan_relation = "keeps it" if keeps else "reads it" if reads else "another role on the pathway"
    concern, concern_relation = _inside_concern(role, user, pathway)
    concern_goal = PlanGoal.objects.create(
        concern=concern,
        text="Mål i tilgangstesten",
        deadline=timezone.localdate(),
        responsible_id=concern.pathway.participant_id,
        created_at=timezone.now(),
    )
    return {
        "ids": {
            "concern": concern.pk,
            "concern_goal": concern_goal.pk,
            "plan_goal": plan_goal.pk,
            "assessment": assessment.pk,
            **_absence_and_loan(pathway),
            "exam_entry": _exam_entry(pathway).pk,
            "contract_pathway": contract.pathway_id,
            "interruption": interruption.pk,
            "submission": submission.pk,
            "submission_document": sent_document.pk,
            "pathway": pathway.pk,
            "document": document.pk,
            "meeting": meeting.pk,
            "action_item": item.pk,
            "member": member.pk,
            "consent": consent.pk,
            "person": person.pk,
            "organisation": organisation.pk,
            "approval": approval.pk,
            "missing_curriculum": 999_999,
            "scheme": pathway.scheme_id,
        },
        "relation": {
            "pathway": relation,
            "document": {
                "runs it": "on a pathway the user runs",
                "a member": "on a pathway the user is a member of",
                "its participant": "the user's own",
            }[relation],
            "person": person_relation,
            "organisation": (
                "the workplace of the user's own pathway"
                if role == "deltaker"
                else "registered by the user's organisation"
            ),
            "approval": "in the user's county",
            "contract": relation,
            "submission": {
                "runs it": "on a pathway the user runs",
                "a member": "sent to the user's county" if role == "raadgiver" else "on a pathway the user follows",
                "its participant": "on the user's own pathway",
            }[relation],
            "county": "the user's county" if role in ("admin", "raadgiver") else "no county",
            "meeting": "on a pathway the user runs" if runs else "invited to it",
            "action_item": "on a meeting the user runs" if runs else "owned by the user",
            "scheme": "runs it" if runs else "on a pathway of it",
            **{kind: relation for kind in ("guidance", "visit", "language")},
            "plan": plan_relation,
            "plan_comment": plan_relation,
            "assessment": "drafts it" if keeps else "a draft",
            **{kind: relation for kind in OWN_KINDS},
            **{kind: relation for kind in EXAM_KINDS},
            "concern_pathway": relation,
            **{kind: concern_relation for kind in CONCERN_KINDS if kind != "concern_pathway"},
        },
        "approval_org": approval.organisation_id,
    }


def _inside_concern(role: str, user: User, pathway: Pathway) -> tuple[Any, str]:
    """A concern on the role's pathway, related to the role as the policy's rows say: the
    professional manager raised it; the county adviser's was sent to their county (a
    clarification meeting called); everyone else's was raised by the koordinator."""
    from fagvei.concerns import services

    koordinator = User.objects.get(username="koordinator")
    raiser = user if role == "fagligleder" else koordinator
    concern = register_concern(
        actor=raiser,
        pathway_id=pathway.pk,
        categories=["substance_use"],
        description="Bekymring i tilgangstesten",
        noticed_on=timezone.localdate(),
    )
    if role == "raadgiver":
        services.schedule_concern_meeting(
            actor=koordinator,
            concern_id=concern.pk,
            expected_version=concern.version,
            starts_at=timezone.now() - dt.timedelta(hours=1),
            place="Kontoret",
            invitees=[pathway.participant_id],
        )
        services.hold_concern_conversation(
            actor=koordinator,
            concern_id=concern.pk,
            expected_version=concern.version + 1,
            conversation_minutes="Referat",
            attended=[pathway.participant_id],
        )
        concern = services.call_clarification_meeting(
            actor=koordinator, concern_id=concern.pk, expected_version=concern.version + 2
        )
        return concern, "sent to the user's county"
    relation = {
        "admin": "on a pathway the user runs",
        "koordinator": "on a pathway the user runs",
        "fagligleder": "raised by the user",
        "deltaker": "on the user's own pathway",
    }.get(role, "raised by another on a pathway the user follows")
    return concern, relation


def _inside_contract(role: str, user: User, pathway: Pathway) -> tuple[Any, Any, Any, Any]:
    """A contract on a pathway in the role's scope (related to it as ``pathway`` is), with
    an interruption, and a submission to the demo county with a document sent."""
    admin = User.objects.get(username="admin")
    if role in ("admin", "koordinator"):
        on = Pathway.objects.filter(contract__status="approved").order_by("id").first()
    elif role == "deltaker":
        on = pathway
    else:
        on = Pathway.objects.filter(members__person=user.person, contract__isnull=False).order_by("id").first()
    assert on is not None, role
    contract = Contract.objects.filter(pathway=on).first() or make_contract(on, admin)
    interruption = contract.interruptions.order_by("id").first() or Interruption.objects.create(
        contract=contract,
        reason="other_leave",
        starts_on=contract.start_date,
        ends_on=contract.start_date,
        ended=True,
        end_before=contract.end_date,
        end_after=contract.end_date,
        registered_by=admin,
    )
    submission = Submission.objects.filter(contract=contract).order_by("id").first()
    assert submission is not None, role
    sent_document = submission.documents.order_by("id").first()
    if sent_document is None:
        sent_document = make_document(on, admin)
        submission.documents.add(sent_document)
    return contract, interruption, submission, sent_document


def test_the_access_policy_inside_each_personas_scope():
    from django.db import transaction

    load_demo()
    failures, tried = [], 0
    for role in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=role))
        inside = _inside(role)
        for name, (kind, action) in KIND_OF.items():
            case = MATRIX[name]
            relation = inside["relation"][kind]
            rows = POLICY[(kind, relation)].get(role, {})
            if action not in rows:
                continue
            ids = dict(inside["ids"])
            if kind == "approval":
                ids["organisation"] = inside["approval_org"]
            kwargs = case.kwargs(ids)
            if name == "pathway_transition":
                # "End" is offered from every open stage: an allowed user gets its form.
                kwargs["name"] = "end"
            url = reverse(name, kwargs=kwargs)
            for method in case.methods:
                # The county's page of a submission shows it on GET and decides on POST.
                # So do the plan's pages (READ_ON_GET_PAGES).
                read_on_get = kind in READ_ON_GET or name in READ_ON_GET_PAGES
                expected_word = rows[READ] if read_on_get and method == "GET" else rows[action]
                # Each request is undone, so that one role's write does not move the next.
                with transaction.atomic():
                    response = client.generic(method, url)
                    transaction.set_rollback(True)
                tried += 1
                if response.status_code not in EXPECTED[expected_word]:
                    failures.append(
                        f"{role} {method} {url} ({name}, {kind} {relation}): {response.status_code}, "
                        f"expected {expected_word}"
                    )
    assert tried > 150
    assert failures == [], f"{len(failures)} of {tried} answered against the policy:\n" + "\n".join(failures)


def test_every_role_and_object_type_has_a_policy_row():
    relations = {kind for kind, _ in POLICY}
    assert relations == {
        "pathway",
        "person",
        "organisation",
        "approval",
        "document",
        "contract",
        "submission",
        "county",
        "meeting",
        "action_item",
        "scheme",
        "guidance",
        "visit",
        "language",
        "plan",
        "plan_comment",
        "assessment",
        *OWN_KINDS,
        *EXAM_KINDS,
        *CONCERN_KINDS,
    }
    for role in ROLES:
        assert any(role in rows for rows in POLICY.values()), role
