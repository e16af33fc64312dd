"""The contract's pages and the county's inbox, persona by persona: the coordinator who
manages the pathway, its participant, the people around them, the adviser of the
contract's county and of another, and a coordinator elsewhere. Posted forms change
state, or come back 422 with the error on the named field and nothing saved. Reading an
illness is logged; the pages cost the same with one matter as with many."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from fagvei.audit.models import AccessLog
from fagvei.contracts import services
from fagvei.contracts.models import Contract, CountySettings, Interruption, Status, Submission
from fagvei.documents.models import Document
from fagvei.pathways.models import PathwayMember, Stage
from tests.contracts.conftest import (
    END,
    START,
    TODAY,
    approve,
    open_submission,
    reload,
    send,
    start_training,
    write,
)
from tests.factories import make_document, make_screening

pytestmark = pytest.mark.django_db

COUNTY_ANSWER = "Mangler underskrift fra arbeidsgiver"
NOTE = "Sykmeldt etter operasjon"


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _illness(pathway: Any, coordinator: Any, starts_on: dt.date, ends_on: dt.date) -> Interruption:
    """An illness from ``starts_on`` to ``ends_on``, registered and ended."""
    interruption = services.start_interruption(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=Contract.objects.get(pathway=pathway).version,
        reason="illness",
        starts_on=starts_on,
        ends_on=ends_on,
        note=NOTE,
    )
    services.end_interruption(
        actor=coordinator,
        pathway_id=pathway.pk,
        expected_version=Contract.objects.get(pathway=pathway).version,
        interruption_id=interruption.pk,
        ends_on=ends_on,
    )
    return interruption


@pytest.fixture
def scene(pathway, coordinator, adviser, decides_in_fagvei) -> SimpleNamespace:
    """A contract in training: its application returned once with the county's reason,
    sent again and approved; an illness of 40 days, reported to the county."""
    make_screening(pathway, coordinator)
    contract = send(write(pathway, coordinator), coordinator)
    services.return_contract_application(
        actor=adviser, submission_id=open_submission(contract).pk, reason=COUNTY_ANSWER
    )
    services.submit_contract_application(
        actor=coordinator, pathway_id=pathway.pk, expected_version=reload(contract).version, signed_on=START
    )
    application = open_submission(contract)
    approve(contract, adviser)
    start_training(pathway, coordinator)
    interruption = _illness(pathway, coordinator, TODAY - days(60), TODAY - days(21))
    report = Submission.objects.get(kind="interruption", interruption=interruption)
    return SimpleNamespace(
        pathway=pathway,
        contract=reload(contract),
        application=application,
        report=report,
        interruption=interruption,
        sent_document=application.documents.order_by("id").first(),
    )


def _page(client: Any, name: str, *args: Any, **params: Any) -> Any:
    return client.get(reverse(name, args=args), params)


def _post(client: Any, name: str, args: list[Any], data: dict[str, Any]) -> Any:
    return client.post(reverse(name, args=args), data)


def _sensitive_reads(user: Any) -> int:
    return AccessLog.objects.filter(
        user=user, object_type="contracts.interruption", purpose=AccessLog.Purpose.SENSITIVE
    ).count()


# Who sees what ---------------------------------------------------------------------------


def test_the_coordinator_sees_everything_and_the_illness_read_is_logged(client_as, coordinator, scene):
    response = _page(client_as(coordinator), "contract_detail", scene.pathway.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Illness" in html and NOTE in html
    assert COUNTY_ANSWER in html
    assert reverse("county_submission", args=[scene.report.pk]) in html
    assert reverse("contract_change", args=[scene.pathway.pk]) in html
    assert _sensitive_reads(coordinator) == 1
    row = AccessLog.objects.get(user=coordinator, object_type="contracts.interruption")
    assert (row.object_id, row.detail, row.path) == (
        scene.interruption.pk,
        "interruption reason",
        reverse("contract_detail", args=[scene.pathway.pk]),
    )
    # The coordinator sees what was sent, read-only where the county decides in fagvei.
    response = _page(client_as(coordinator), "county_submission", scene.report.pk)
    assert response.status_code == 200
    assert response.context["form"] is None
    assert _post(client_as(coordinator), "county_submission", [scene.report.pk], {}).status_code == 403


def test_the_participant_sees_their_contract_its_interruptions_and_the_countys_answers(client_as, participant, scene):
    client = client_as(participant)
    response = _page(client, "contract_detail", scene.pathway.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Illness" in html and COUNTY_ANSWER in html
    assert _sensitive_reads(participant) == 1
    # Reading, not acting: no links to the county's pages, no steps.
    assert reverse("county_submission", args=[scene.report.pk]) not in html
    assert reverse("contract_change", args=[scene.pathway.pk]) not in html
    assert _page(client, "county_submission", scene.report.pk).status_code == 404
    assert _page(client, "county_inbox").status_code == 404


WRITE_PAGES = [
    "contract_create",
    "contract_edit",
    "contract_submit",
    "interruption_start",
    "contract_change",
    "contract_terminate",
    "contract_cancellation",
    "contract_agreement",
    "contract_attest",
]


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_the_participant_cannot_change_the_contract(client_as, participant, scene, name):
    client = client_as(participant)
    before = reload(scene.contract).version
    assert _page(client, name, scene.pathway.pk).status_code == 403
    assert _post(client, name, [scene.pathway.pk], {"version": before}).status_code == 403
    assert reload(scene.contract).version == before


@pytest.mark.parametrize("username", ["fadder", "instruktor", "fagligleder", "faglaerer"])
def test_the_people_around_the_participant_see_facts_and_dates_only(client_as, member_of, scene, username):
    member = member_of(username)
    client = client_as(member)
    response = _page(client, "contract_detail", scene.pathway.pk)
    assert response.status_code == 200
    html = response.content.decode()
    # The facts and the dates, the interruption's days without its reason.
    assert scene.contract.company.name in html
    assert response.context["contract"].end_date == END + days(40)
    assert response.context["interruptions"] == [scene.interruption]
    assert "Illness" not in html and NOTE not in html
    # No correspondence with the county, no documents.
    assert COUNTY_ANSWER not in html
    assert response.context["submissions"] == []
    assert "/documents/" not in html
    assert _sensitive_reads(member) == 0
    for url in (
        reverse("county_submission", args=[scene.report.pk]),
        reverse("county_document", args=[scene.application.pk, scene.sent_document.pk]),
        reverse("county_inbox"),
    ):
        assert client.get(url).status_code == 404, url
    for name in WRITE_PAGES:
        assert _page(client, name, scene.pathway.pk).status_code == 403, name
    interruption_end = reverse("interruption_end", args=[scene.pathway.pk, scene.interruption.pk])
    assert client.post(interruption_end, {"ends_on": TODAY.isoformat(), "version": 1}).status_code == 403


def test_the_county_adviser_sees_what_was_sent_to_the_county_and_nothing_else(client_as, adviser, scene):
    client = client_as(adviser)
    inbox = _page(client, "county_inbox")
    assert inbox.status_code == 200
    assert list(inbox.context["page"].object_list) == [scene.report]
    decided = _page(client, "county_inbox", show="decided")
    assert scene.application in list(decided.context["page"].object_list)
    assert scene.pathway.participant.full_name in decided.content.decode()
    # The interruption report names the illness: the read is logged.
    response = _page(client, "county_submission", scene.report.pk)
    assert response.status_code == 200
    assert response.context["form"] is not None
    assert _sensitive_reads(adviser) == 1
    # The documents sent with the application, and no others.
    download = client.get(reverse("county_document", args=[scene.application.pk, scene.sent_document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    kept_back = make_document(scene.pathway, scene.pathway.coordinator, kind="other", name="privat.pdf")
    assert client.get(reverse("county_document", args=[scene.application.pk, kept_back.pk])).status_code == 404
    assert client.get(reverse("county_document", args=[scene.report.pk, scene.sent_document.pk])).status_code == 404
    # Never the screening, nor the contract's page or the pathway's, without following it.
    for name in ("contract_detail", "pathway_detail", "pathway_screening"):
        assert _page(client, name, scene.pathway.pk).status_code == 404, name


def test_a_county_adviser_following_the_pathway_sees_the_contract_as_the_people_around_it(client_as, adviser, scene):
    PathwayMember.objects.create(pathway=scene.pathway, person=adviser.person, role=PathwayMember.Role.COUNTY_ADVISER)
    client = client_as(adviser)
    response = _page(client, "contract_detail", scene.pathway.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert scene.contract.company.name in html
    assert "Illness" not in html and COUNTY_ANSWER not in html
    assert response.context["submissions"] == []
    # Still never the screening: not on the pathway's page, not on its own.
    assert _page(client, "pathway_detail", scene.pathway.pk).status_code == 200
    assert _page(client, "pathway_screening", scene.pathway.pk).status_code == 403
    assert not AccessLog.objects.filter(user=adviser, object_type="pathways.screening").exists()
    assert _sensitive_reads(adviser) == 0


def test_the_adviser_of_another_county_knows_of_nothing(client_as, other_adviser, scene):
    client = client_as(other_adviser)
    inbox = _page(client, "county_inbox", show="decided")
    assert inbox.status_code == 200
    assert list(inbox.context["page"].object_list) == []
    assert _page(client, "county_submission", scene.report.pk).status_code == 404
    assert client.post(reverse("county_submission", args=[scene.report.pk]), {}).status_code == 404
    url = reverse("county_document", args=[scene.application.pk, scene.sent_document.pk])
    assert client.get(url).status_code == 404
    assert _page(client, "contract_detail", scene.pathway.pk).status_code == 404


def test_a_coordinator_elsewhere_knows_of_nothing(client_as, other_coordinator, scene):
    client = client_as(other_coordinator)
    for name in ("contract_detail", *WRITE_PAGES):
        assert _page(client, name, scene.pathway.pk).status_code == 404, name
    assert _page(client, "county_submission", scene.report.pk).status_code == 404
    assert _page(client, "county_inbox").status_code == 404
    assert _sensitive_reads(other_coordinator) == 0


# Posted forms --------------------------------------------------------------------------


def _contract_form(pathway: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "kind": "at_work",
        "company": pathway.workplace_id,
        "training_office": "",
        "professional_manager": "",
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "goal": "Fagbrev",
        "responsibilities": "Bedriften",
        "extra_conditions": "",
        "position_percent": "100",
        "prior_practice_years": "2.0",
        "version": "",
    }
    data.update(extra)
    return data


def test_writing_the_contract_on_its_form(client_as, coordinator, pathway):
    client = client_as(coordinator)
    assert _page(client, "contract_create", pathway.pk).status_code == 200
    # A rule of the Act the form cannot see: the domain function's refusal on its field.
    refused = _post(client, "contract_create", [pathway.pk], _contract_form(pathway, prior_practice_years="0.5"))
    assert refused.status_code == 422
    assert list(refused.context["form"].errors) == ["prior_practice_years"]
    assert "ofo. § 9-58" in refused.context["form"].errors["prior_practice_years"][0]
    # A kind the track does not have is not among the choices.
    wrong = _post(client, "contract_create", [pathway.pk], _contract_form(pathway, kind="apprenticeship"))
    assert wrong.status_code == 422 and list(wrong.context["form"].errors) == ["kind"]
    assert not Contract.objects.exists()
    done = _post(client, "contract_create", [pathway.pk], _contract_form(pathway))
    assert done.status_code == 302
    contract = Contract.objects.get()
    assert (contract.status, contract.end_date) == (Status.DRAFT, END)
    # Corrected on the same form, with the version read.
    stale = _post(client, "contract_edit", [pathway.pk], _contract_form(pathway, goal="Nytt", version="0"))
    assert stale.status_code == 422 and reload(contract).goal == "Fagbrev"
    edited = _post(client, "contract_edit", [pathway.pk], _contract_form(pathway, goal="Nytt", version="1"))
    assert edited.status_code == 302 and reload(contract).goal == "Nytt"


def test_sending_the_application_on_its_form(client_as, coordinator, pathway):
    client = client_as(coordinator)
    contract = write(pathway, coordinator)
    form = {"signed_on": TODAY.isoformat(), "confirm": "on", "version": contract.version}
    missing = _post(client, "contract_submit", [pathway.pk], form)
    assert missing.status_code == 422
    # The documents are not a field of the form: the refusal stands above it.
    assert "employment contract" in str(missing.context["form"].non_field_errors()).lower()
    for kind in services.checklist_for(contract):
        make_document(pathway, coordinator, kind=kind, name=f"{kind}.pdf")
    future = _post(client, "contract_submit", [pathway.pk], {**form, "signed_on": (TODAY + days(1)).isoformat()})
    assert future.status_code == 422 and list(future.context["form"].errors) == ["signed_on"]
    unconfirmed = _post(client, "contract_submit", [pathway.pk], {**form, "confirm": ""})
    assert unconfirmed.status_code == 422 and list(unconfirmed.context["form"].errors) == ["confirm"]
    assert reload(contract).status == Status.DRAFT and not Submission.objects.exists()
    assert _post(client, "contract_submit", [pathway.pk], form).status_code == 302
    assert reload(contract).status == Status.SUBMITTED
    assert Submission.objects.get().kind == "application"


def test_interruptions_on_their_forms(client_as, coordinator, scene):
    client = client_as(coordinator)
    pathway, version = scene.pathway, reload(scene.contract).version
    form = {"reason": "parental_leave", "starts_on": (TODAY - days(5)).isoformat(), "version": version}
    bad = _post(client, "interruption_start", [pathway.pk], {**form, "reason": ""})
    assert bad.status_code == 422 and list(bad.context["form"].errors) == ["reason"]
    early = _post(client, "interruption_start", [pathway.pk], {**form, "starts_on": (TODAY - days(30)).isoformat()})
    assert early.status_code == 422 and list(early.context["form"].errors) == ["starts_on"]
    assert Interruption.objects.count() == 1
    assert _post(client, "interruption_start", [pathway.pk], form).status_code == 302
    running = Interruption.objects.get(ended=False)
    version = reload(scene.contract).version
    end_args = [pathway.pk, running.pk]
    before = _post(client, "interruption_end", end_args, {"ends_on": (TODAY - days(6)).isoformat(), "version": version})
    assert before.status_code == 422 and list(before.context["form"].errors) == ["ends_on"]
    assert Interruption.objects.get(pk=running.pk).ended is False
    done = _post(client, "interruption_end", end_args, {"ends_on": TODAY.isoformat(), "version": version})
    assert done.status_code == 302
    assert reload(scene.contract).end_date == END + days(40) + days(6)
    told = _post(client, "interruption_report", end_args, {"county_told_on": (TODAY + days(2)).isoformat()})
    assert told.status_code == 422 and list(told.context["form"].errors) == ["county_told_on"]


def test_the_termination_form_asks_for_the_signed_agreement(client_as, coordinator, scene):
    client = client_as(coordinator)
    form = {
        "agreed_on": TODAY.isoformat(),
        "last_day": TODAY.isoformat(),
        "reason": "Flytter",
        "version": reload(scene.contract).version,
    }
    refused = _post(client, "contract_terminate", [scene.pathway.pk], form)
    assert refused.status_code == 422
    assert "ol. § 7-3" in str(refused.context["form"].non_field_errors())
    assert reload(scene.contract).status == Status.APPROVED
    make_document(scene.pathway, coordinator, kind=Document.Kind.SIGNED_AGREEMENT, name="avtale.pdf")
    assert _post(client, "contract_terminate", [scene.pathway.pk], form).status_code == 302
    assert reload(scene.contract).status == Status.TERMINATED


def test_the_county_adviser_decides_on_the_countys_page(client_as, coordinator, adviser, scene):
    client = client_as(adviser)
    submission = services.request_contract_change(
        actor=coordinator,
        pathway_id=scene.pathway.pk,
        expected_version=reload(scene.contract).version,
        data={"end_date": END + days(100)},
        justification="Mer tid",
    )
    url_args = [submission.pk]
    refused = _post(client, "county_submission", url_args, {"outcome": "refused", "version": submission.version})
    assert refused.status_code == 422 and list(refused.context["form"].errors) == ["reason"]
    assert Submission.objects.get(pk=submission.pk).state == "sent"
    done = _post(client, "county_submission", url_args, {"outcome": "approved", "version": submission.version})
    assert done.status_code == 302 and done["Location"] == reverse("county_inbox")
    assert reload(scene.contract).end_date == END + days(100)
    assert Submission.objects.get(pk=submission.pk).state == "approved"


def test_where_the_county_decides_outside_the_coordinator_records_it_with_the_reference(
    client_as, coordinator, pathway
):
    contract = send(write(pathway, coordinator), coordinator)
    submission = open_submission(contract)
    client = client_as(coordinator)
    page = _page(client, "county_submission", submission.pk)
    assert page.status_code == 200 and page.context["form"] is not None
    form = {"outcome": "approved", "decided_on": TODAY.isoformat(), "version": submission.version}
    missing = _post(client, "county_submission", [submission.pk], form)
    assert missing.status_code == 422 and list(missing.context["form"].errors) == ["reference"]
    assert reload(contract).status == Status.SUBMITTED
    done = _post(client, "county_submission", [submission.pk], {**form, "reference": "2026/77"})
    assert done.status_code == 302 and done["Location"] == reverse("contract_detail", args=[pathway.pk])
    assert reload(contract).status == Status.APPROVED
    assert Submission.objects.get(pk=submission.pk).reference == "2026/77"


def test_the_county_settings_are_the_advisers(client_as, adviser, coordinator, county):
    client = client_as(adviser)
    assert _page(client, "county_settings").status_code == 200
    bad = _post(client, "county_settings", [], {"illness_threshold_days": "0", "version": ""})
    assert bad.status_code == 422 and list(bad.context["form"].errors) == ["illness_threshold_days"]
    assert not CountySettings.objects.exists()
    data = {"decides_in_fagvei": "on", "illness_threshold_days": "56", "version": "", "checklist_at_work": ["cv"]}
    assert _post(client, "county_settings", [], data).status_code == 302
    settings_row = county.county_settings
    assert (settings_row.decides_in_fagvei, settings_row.illness_threshold_days) == (True, 56)
    assert settings_row.checklists["at_work"] == ["cv"]
    assert _page(client_as(coordinator), "county_settings").status_code == 404


# Query counts ----------------------------------------------------------------------------


def _queries(client: Any, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


# The contract page: session, user, roles; the pathway with the user's follow row; the
# contract; the participation agreement; the contract's read logged; the interruptions;
# the illnesses' reads logged (one insert for all); the documents (checklist); the
# submissions with who sent and decided them; the county's settings (for the checklist,
# and for the page); the versions.
CONTRACT_PAGE_QUERIES = 14
# The inbox: session, user, roles; the count; the page's rows with what they show.
INBOX_QUERIES = 5


def test_the_contract_page_costs_the_same_with_many_interruptions_and_submissions(
    client_as, coordinator, adviser, scene, django_assert_num_queries
):
    client = client_as(coordinator)
    url = reverse("contract_detail", args=[scene.pathway.pk])
    one = _queries(client, url)
    # Five more illnesses (short: not reported) and five more changes, decided.
    for n in range(5):
        start = TODAY - days(20) + days(n * 4)
        _illness(scene.pathway, coordinator, start, start + days(min(3, (TODAY - start).days)))
    for n in range(5):
        change = services.request_contract_change(
            actor=coordinator,
            pathway_id=scene.pathway.pk,
            expected_version=reload(scene.contract).version,
            data={"end_date": reload(scene.contract).end_date + days(1)},
            justification=f"Endring {n}",
        )
        services.decide_submission(actor=adviser, submission_id=change.pk, expected_version=None, outcome="approved")
    assert Interruption.objects.count() == 6 and Submission.objects.count() == 8
    assert one == CONTRACT_PAGE_QUERIES
    with django_assert_num_queries(CONTRACT_PAGE_QUERIES):
        many = _queries(client, url)
    assert many == one
    assert _sensitive_reads(coordinator) == 1 + 6


def test_the_county_inbox_costs_the_same_with_many_matters(
    client_as, coordinator, adviser, scene, scheme, django_assert_num_queries
):
    from tests.factories import make_pathway, make_ready_to_start

    client = client_as(adviser)
    url = reverse("county_inbox")
    one = _queries(client, url)
    for _ in range(8):
        other = make_pathway(scheme, coordinator=coordinator, stage=Stage.STARTING)
        make_ready_to_start(other, coordinator, contract=False)
        send(write(other, coordinator), coordinator)
    assert Submission.objects.filter(state="sent").count() == 9
    assert one == INBOX_QUERIES
    with django_assert_num_queries(INBOX_QUERIES):
        many = _queries(client, url)
    assert many == one
    assert _queries(client, url, show="decided") == one
    # The newest first.
    listed = list(_page(client, "county_inbox").context["page"].object_list)
    assert listed == list(Submission.objects.filter(state="sent").order_by("-sent_at", "-id"))
    assert listed[-1] == scene.report


def test_the_countys_time_to_answer_is_checked_on_its_field_and_kept(client_as, adviser, county):
    """The county's own time to answer (its inbox's deadlines, fagvei/contracts/deadlines.py):
    out of range or not a number is refused on the field in Norwegian; nothing is saved."""
    client = client_as(adviser)
    for value in ("0", "366", "fjorten"):
        bad = _post(client, "county_settings", [], {"illness_threshold_days": "28", "answer_within_days": value})
        assert bad.status_code == 422 and list(bad.context["form"].errors) == ["answer_within_days"]
        with translation.override("nb"):
            field = bad.context["form"]["answer_within_days"]
            assert str(field.label) == "Fylkeskommunen svarer innen (dager)"
            assert any(word in " ".join(field.errors) for word in ("heltall", "mindre enn", "større enn"))
    assert not CountySettings.objects.exists()
    data = {"illness_threshold_days": "28", "answer_within_days": "21", "version": ""}
    assert _post(client, "county_settings", [], data).status_code == 302
    assert county.county_settings.answer_within_days == 21
