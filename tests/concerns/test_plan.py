"""The follow-up plan once agreed (fagvei/concerns/plans.py) and the outcomes handed to
the contract's own flows (seed 004; ol. § 7-3): the parties sign, goals are ticked, the
interruption the plan considered starts on the contract, a termination or a request
for cancellation goes through the contract, and the county adviser records the contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fagvei.audit.models import Event
from fagvei.concerns import plans, services
from fagvei.concerns.models import Concern, Party, Status
from fagvei.contracts.models import Contract, Ending, Interruption, Submission
from fagvei.core.domain import DomainError
from fagvei.documents.access import get_document_for
from tests.concerns.conftest import (
    TODAY,
    agree_plan,
    approved_contract,
    call_clarification,
    hold_conversation,
    register,
    reload,
    sign_on_paper,
    to_follow_up,
)
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Any:
    # The refusals are matched in the source language (the pages are in bokmål).
    with translation.override("en"):
        yield


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _agreed(pathway: Any, coordinator: Any, responsible: Any, **extra: Any) -> Any:
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    return agree_plan(concern, coordinator, responsible, **extra)


def _start(concern: Any, actor: Any) -> Any:
    return services.start_follow_up(actor=actor, concern_id=concern.pk, expected_version=reload(concern).version)


def _confirm(concern: Any, actor: Any, party: str) -> Any:
    return plans.confirm_plan(actor=actor, concern_id=concern.pk, expected_version=None, party=party)


def _pdf() -> SimpleUploadedFile:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("plan.pdf", out.getvalue())


# Signing the plan ---------------------------------------------------------------------


def test_the_participant_and_the_company_side_confirm_the_plan_in_fagvei(pathway, coordinator, participant, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError, match="deltakeren har ikke bekreftet planen|the participant has not confirmed"):
        _start(concern, coordinator)
    signature = _confirm(concern, participant, Party.PARTICIPANT)
    assert not signature.on_paper and signature.recorded_by == participant
    with pytest.raises(DomainError) as refused:
        _start(concern, coordinator)
    assert refused.value.field == "signatures"
    _confirm(concern, coordinator, Party.COMPANY)
    started = _start(concern, coordinator)
    assert started.status == Status.FOLLOW_UP
    assert started.plan_signed_on == TODAY
    assert Event.objects.filter(verb="concern.plan_confirmed").count() == 2


def test_a_party_confirms_only_as_itself_and_only_once(pathway, coordinator, participant, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError, match="only"):
        _confirm(concern, participant, Party.COMPANY)
    with pytest.raises(DomainError, match="only"):
        _confirm(concern, coordinator, Party.PARTICIPANT)
    # The mentor does not know of the concern.
    with pytest.raises(DomainError, match="may not"):
        _confirm(concern, mentor, Party.COMPANY)
    _confirm(concern, participant, Party.PARTICIPANT)
    with pytest.raises(DomainError, match="already"):
        _confirm(concern, participant, Party.PARTICIPANT)


def test_a_confirmation_on_paper_is_recorded_with_its_date_and_marked(pathway, coordinator, participant, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError) as refused:
        plans.record_paper_signature(
            actor=coordinator, concern_id=concern.pk, expected_version=None, party=Party.PARTICIPANT, signed_on=None
        )
    assert refused.value.field == "signed_on"
    # Only those who handle the concern record it; the participant confirms in fagvei.
    with pytest.raises(DomainError, match="may not"):
        plans.record_paper_signature(
            actor=participant, concern_id=concern.pk, expected_version=None, party=Party.PARTICIPANT, signed_on=TODAY
        )
    sign_on_paper(concern, coordinator)
    assert {s.on_paper for s in reload(concern).signatures.all()} == {True}
    assert _start(concern, coordinator).status == Status.FOLLOW_UP


def test_a_signed_scan_stands_in_for_the_confirmations(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError) as refused:
        plans.attach_signed_plan(
            actor=coordinator, concern_id=concern.pk, expected_version=None, upload=None, signed_on=TODAY
        )
    assert refused.value.field == "upload"
    plans.attach_signed_plan(
        actor=coordinator, concern_id=concern.pk, expected_version=None, upload=_pdf(), signed_on=TODAY
    )
    concern = reload(concern)
    assert concern.plan_scan.kind == "signed_plan"
    assert _start(concern, coordinator).plan_signed_on == TODAY


def test_the_mentor_cannot_see_the_signed_scan_the_participant_can(pathway, coordinator, mentor, participant):
    concern = _agreed(pathway, coordinator, mentor.person)
    plans.attach_signed_plan(
        actor=coordinator, concern_id=concern.pk, expected_version=None, upload=_pdf(), signed_on=TODAY
    )
    scan = reload(concern).plan_scan
    with pytest.raises(Http404):
        get_document_for(mentor, scan.pk)
    assert get_document_for(participant, scan.pk).pk == scan.pk


def test_the_participant_confirms_from_their_own_page(pathway, coordinator, participant, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    page = client_for(participant).get(reverse("concern_detail", args=[concern.pk]))
    assert "plan/confirm/" in page.content.decode()
    response = client_for(participant).post(
        reverse("concern_confirm_plan", args=[concern.pk]),
        {"version": reload(concern).version, "party": Party.PARTICIPANT},
    )
    assert response.status_code == 302
    assert reload(concern).signatures.get().party == Party.PARTICIPANT


def test_the_page_records_a_paper_confirmation_and_refuses_one_without_a_date(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    url = reverse("concern_paper_signature", args=[concern.pk])
    refused = client_for(coordinator).post(url, {"version": reload(concern).version, "party": "participant"})
    assert refused.status_code == 422
    done = client_for(coordinator).post(
        url, {"version": reload(concern).version, "party": "participant", "signed_on": TODAY.isoformat()}
    )
    assert done.status_code == 302
    assert reload(concern).signatures.get().on_paper


# Goals --------------------------------------------------------------------------------


def test_the_mentor_ticks_their_own_goal_and_is_sent_to_the_pathway_page(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    goal = concern.goals.get()
    response = client_for(mentor).post(reverse("concern_goal_done", args=[goal.pk]), {"version": goal.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("pathway_detail", args=[pathway.pk])
    goal.refresh_from_db()
    assert goal.done_at is not None and goal.done_by == mentor
    # Ticked twice: left as it was.
    assert plans.complete_goal(actor=mentor, goal_id=goal.pk, expected_version=None).done_at == goal.done_at


def test_one_not_responsible_for_a_goal_may_not_tick_it(pathway, coordinator, mentor, manager, participant):
    concern = _agreed(pathway, coordinator, mentor.person)
    goal = concern.goals.get()
    for who in (manager, participant):
        with pytest.raises(DomainError, match="only the person responsible"):
            plans.complete_goal(actor=who, goal_id=goal.pk, expected_version=goal.version)
    # The page: a goal the user may not know of is not found.
    assert client_for(manager).post(reverse("concern_goal_done", args=[goal.pk]), {"version": 1}).status_code == 404
    # Those who handle the concern tick it.
    assert plans.complete_goal(actor=coordinator, goal_id=goal.pk, expected_version=goal.version).done_at


def test_a_goal_of_a_closed_plan_is_not_ticked(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    services.resolve_concern(
        actor=coordinator,
        concern_id=concern.pk,
        expected_version=reload(concern).version,
        outcome_on=TODAY,
        resolution="Løst.",
        outcome_minutes="Møte.",
    )
    goal = concern.goals.get()
    with pytest.raises(DomainError, match="no longer running"):
        plans.complete_goal(actor=mentor, goal_id=goal.pk, expected_version=goal.version)


# The temporary interruption -----------------------------------------------------------


def _interrupt(concern: Any, actor: Any, **extra: Any) -> Any:
    data = {"reason": "illness", "starts_on": TODAY, "ends_on": None, "county_told_on": None}
    data.update(extra)
    return plans.start_plan_interruption(actor=actor, concern_id=concern.pk, expected_version=None, **data)


def test_the_plans_interruption_starts_on_the_contract(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person, plan_consider_interruption=True)
    approved_contract(pathway, coordinator)
    concern = _interrupt(concern, coordinator, reason="other_leave")
    interruption = Interruption.objects.get()
    assert concern.interruption == interruption
    assert Event.objects.filter(verb="contract.interrupted").exists()
    with pytest.raises(DomainError, match="already"):
        _interrupt(concern, coordinator)


def test_no_interruption_without_a_contract_or_when_the_plan_did_not_consider_it(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person, plan_consider_interruption=True)
    with pytest.raises(DomainError, match="Contract|Kontrakt") as refused:
        _interrupt(concern, coordinator)
    assert refused.value.field == "contract"
    other = _agreed(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        _interrupt(other, coordinator)
    assert refused.value.field == "plan_consider_interruption"


# Termination by agreement (ol. § 7-3 første ledd) --------------------------------------


def _terminate(concern: Any, actor: Any, **extra: Any) -> Any:
    data = {
        "outcome_on": TODAY,
        "resolution": "Partene er enige.",
        "outcome_minutes": "Møte.",
        "last_day": TODAY + dt.timedelta(days=14),
        "county_told_on": TODAY,
    }
    data.update(extra)
    return services.close_with_termination(
        actor=actor, concern_id=concern.pk, expected_version=reload(concern).version, **data
    )


def test_termination_goes_through_the_contracts_termination(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="avtale.pdf")
    concern = _terminate(concern, coordinator)
    assert concern.status == Status.TERMINATED
    assert concern.ending == Ending.objects.get(kind=Ending.Kind.TERMINATION)
    assert Contract.objects.get().status == "terminated"


def test_termination_is_refused_without_a_contract(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError) as refused:
        _terminate(concern, coordinator)
    assert refused.value.field == "contract"
    assert reload(concern).status == Status.FOLLOW_UP


def test_termination_is_refused_when_the_county_was_told_after_the_last_day(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    # The clarification meeting a week ago, so that the agreement and the last day can lie
    # before today.
    Concern.objects.filter(pk=concern.pk).update(clarification_on=TODAY - dt.timedelta(days=7))
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="avtale.pdf")
    with pytest.raises(DomainError, match="before the contract ends") as refused:
        _terminate(
            concern,
            coordinator,
            outcome_on=TODAY - dt.timedelta(days=3),
            last_day=TODAY - dt.timedelta(days=2),
            county_told_on=TODAY - dt.timedelta(days=1),
        )
    assert refused.value.field == "county_told_on"
    assert reload(concern).status == Status.FOLLOW_UP
    assert not Ending.objects.exists()
    assert Contract.objects.get().status == "approved"


def test_termination_is_refused_without_the_signed_agreement(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        _terminate(concern, coordinator)
    assert refused.value.field == "documents"


# Request for cancellation (ol. § 7-3 annet og tredje ledd) ------------------------------


def _cancel(concern: Any, actor: Any, **extra: Any) -> Any:
    data = {
        "outcome_on": TODAY,
        "justification": "Vesentlig mislighold.",
        "outcome_minutes": "Møte.",
        "requested_by": "company",
        "ground": "serious_breach",
        "participant_told_of_right_on": TODAY,
    }
    data.update(extra)
    return services.close_with_cancellation_request(
        actor=actor, concern_id=concern.pk, expected_version=reload(concern).version, **data
    )


def test_a_cancellation_request_is_sent_to_the_county_through_the_contract(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf")
    concern = _cancel(concern, coordinator)
    assert concern.cancellation == Submission.objects.get(kind=Submission.Kind.CANCELLATION)
    assert concern.participant_told_of_right_on == TODAY
    assert Contract.objects.get().status == "cancellation_requested"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"participant_told_of_right_on": None}, "participant_told_of_right_on"),
        ({"ground": ""}, "ground"),
        ({"requested_by": "nobody"}, "requested_by"),
    ],
)
def test_a_cancellation_request_is_refused_naming_what_is_missing(pathway, coordinator, mentor, extra, field):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf")
    with pytest.raises(DomainError) as refused:
        _cancel(concern, coordinator, **extra)
    assert refused.value.field == field


def test_a_cancellation_request_is_refused_without_a_contract_or_the_signed_form(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError) as refused:
        _cancel(concern, coordinator)
    assert refused.value.field == "contract"
    approved_contract(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        _cancel(concern, coordinator)
    assert refused.value.field == "documents"


# The county adviser's contact with the participant (seed 004) ---------------------------


def _cancelled(pathway: Any, coordinator: Any, mentor: Any) -> Any:
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf")
    return _cancel(concern, coordinator)


def test_the_county_adviser_records_the_contact_with_the_participant(pathway, coordinator, mentor, adviser):
    concern = _cancelled(pathway, coordinator, mentor)
    with pytest.raises(DomainError) as refused:
        plans.record_county_contact(
            actor=adviser, concern_id=concern.pk, expected_version=None, contacted_on=TODAY, note=""
        )
    assert refused.value.field == "note"
    plans.record_county_contact(
        actor=adviser, concern_id=concern.pk, expected_version=None, contacted_on=TODAY, note="Ringte deltakeren."
    )
    concern = reload(concern)
    assert concern.county_contacted_on == TODAY and concern.county_contact_by == adviser
    event = Event.objects.get(verb="concern.county_contact")
    assert "Ringte" not in str(event.data)


def test_only_the_county_adviser_records_the_contact(pathway, coordinator, mentor, other_adviser):
    concern = _cancelled(pathway, coordinator, mentor)
    with pytest.raises(DomainError, match="county adviser"):
        plans.record_county_contact(
            actor=coordinator, concern_id=concern.pk, expected_version=None, contacted_on=TODAY, note="x"
        )
    with pytest.raises(DomainError, match="may not"):
        plans.record_county_contact(
            actor=other_adviser, concern_id=concern.pk, expected_version=None, contacted_on=TODAY, note="x"
        )
    response = client_for(coordinator).post(
        reverse("concern_county_contact", args=[concern.pk]),
        {"version": reload(concern).version, "contacted_on": TODAY.isoformat(), "note": "x"},
    )
    assert response.status_code == 403


def test_the_contact_is_recorded_only_after_a_request_for_cancellation(pathway, coordinator, mentor, adviser):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError, match="after a request"):
        plans.record_county_contact(
            actor=adviser, concern_id=concern.pk, expected_version=None, contacted_on=TODAY, note="x"
        )


# Need to know: the mentor gets nothing of the concern from any new route ---------------


def test_the_mentor_gets_404_from_every_new_concern_route(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person, plan_consider_interruption=True)
    client = client_for(mentor)
    for name in (
        "concern_confirm_plan",
        "concern_paper_signature",
        "concern_signed_plan",
        "concern_interruption",
        "concern_county_contact",
    ):
        response = client.post(reverse(name, args=[concern.pk]), {"version": 1, "party": "company"})
        assert response.status_code == 404, name
    # Their own goal's page answer is a redirect to the pathway, with nothing of the concern.
    goal = concern.goals.get()
    response = client.post(reverse("concern_goal_done", args=[goal.pk]), {"version": goal.version}, follow=True)
    body = response.content.decode()
    for text in ("Mye fravær", "Avklaringsmøte", "Ukentlig samtale", "Sykdom", "Stort fravær"):
        assert text not in body, text


def test_the_concern_page_offers_the_plans_forms_to_those_who_handle_it(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person, plan_consider_interruption=True)
    body = client_for(coordinator).get(reverse("concern_detail", args=[concern.pk])).content.decode()
    for url in (
        reverse("concern_confirm_plan", args=[concern.pk]),
        reverse("concern_paper_signature", args=[concern.pk]),
        reverse("concern_signed_plan", args=[concern.pk]),
        reverse("concern_interruption", args=[concern.pk]),
        reverse("concern_goal_done", args=[concern.goals.get().pk]),
    ):
        assert url in body, url
    assert 'enctype="multipart/form-data"' in body


def test_the_county_adviser_gets_the_contact_form_after_the_request(pathway, coordinator, mentor, adviser):
    concern = _cancelled(pathway, coordinator, mentor)
    client = client_for(adviser)
    body = client.get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert reverse("concern_county_contact", args=[concern.pk]) in body
    refused = client.post(
        reverse("concern_county_contact", args=[concern.pk]), {"version": reload(concern).version, "note": "x"}
    )
    assert refused.status_code == 422
    done = client.post(
        reverse("concern_county_contact", args=[concern.pk]),
        {"version": reload(concern).version, "contacted_on": TODAY.isoformat(), "note": "Ringte."},
    )
    assert done.status_code == 302
    assert reload(concern).county_contacted_on == TODAY


# A refused date on the page names its field once (core.forms.without_label) -----------


def _refusal(response: Any) -> str:
    """The error summary of a refused form (the pages are in bokmål)."""
    assert response.status_code == 422
    html = response.content.decode()
    return html[html.index("ds-error-summary") :]


def test_a_paper_confirmation_dated_before_the_meeting_names_its_field_once(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    before = (TODAY - dt.timedelta(days=1)).isoformat()
    response = client_for(coordinator).post(
        reverse("concern_paper_signature", args=[concern.pk]),
        {"version": reload(concern).version, "party": "participant", "signed_on": before},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    summary = _refusal(response)
    assert "Signert på papir, dato: Datoen kan ikke være før" in summary
    assert "Signert på papir, dato: Signert" not in summary


@pytest.mark.parametrize(
    ("step", "extra", "shown"),
    [
        ("resolve", {"outcome_on": "before"}, "Løst dato: Datoen kan ikke være før"),
        ("request_cancellation", {"outcome_on": "before"}, "Vedtatt dato: Datoen kan ikke være før"),
        (
            "request_cancellation",
            {"participant_told_of_right_on": "before"},
            "Deltakeren fortalt om retten til å snakke med fylkeskommunen, dato: Datoen kan ikke være før",
        ),
    ],
)
def test_a_closing_step_dated_before_the_meeting_names_its_field_once(pathway, coordinator, mentor, step, extra, shown):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf")
    before = (TODAY - dt.timedelta(days=1)).isoformat()
    data = {
        "version": reload(concern).version,
        "outcome_on": TODAY.isoformat(),
        "resolution": "Løst.",
        "justification": "Vesentlig mislighold.",
        "outcome_minutes": "Møte.",
        "requested_by": "company",
        "ground": "serious_breach",
        "participant_told_of_right_on": TODAY.isoformat(),
        **{name: before for name in extra},
    }
    response = client_for(coordinator).post(
        reverse("concern_step", args=[concern.pk, step]), data, HTTP_ACCEPT_LANGUAGE="nb"
    )
    summary = _refusal(response)
    assert shown in summary
    assert summary.count(": Datoen kan ikke være før") == 1
    assert reload(concern).status == Status.FOLLOW_UP


def test_the_concern_page_says_the_plan_is_signed_once_every_party_has_confirmed(pathway, coordinator, mentor):
    # Before the follow-up starts: "Signed by the parties" is the last confirmation's
    # day, not "Not yet" beside the list of both confirmations.
    concern = _agreed(pathway, coordinator, mentor.person)
    url = reverse("concern_detail", args=[concern.pk])
    client = client_for(coordinator)

    def signed() -> str:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
        facts = html[html.index("Signert av partene") :]
        return facts[: facts.index("</dd>")]

    assert "Ikke ennå" in signed()
    sign_on_paper(concern, coordinator, Party.PARTICIPANT)
    assert "Ikke ennå" in signed()
    sign_on_paper(concern, coordinator, Party.COMPANY)
    assert "Ikke ennå" not in signed()
    assert TODAY.strftime("%d.%m.%Y") in signed()
    assert reload(concern).status == Status.PLAN_AGREED
    # Signed: the paper confirmation and the scan are no longer offered, the next step is.
    html = client.get(url).content.decode()
    assert reverse("concern_paper_signature", args=[concern.pk]) not in html
    assert reverse("concern_signed_plan", args=[concern.pk]) not in html
    assert reverse("concern_step", args=[concern.pk, "start_follow_up"]) in html


def test_the_paper_confirmation_and_the_scan_are_offered_until_the_plan_is_signed(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    url = reverse("concern_detail", args=[concern.pk])
    sign_on_paper(concern, coordinator, Party.PARTICIPANT)
    html = client_for(coordinator).get(url).content.decode()
    assert reverse("concern_paper_signature", args=[concern.pk]) in html
    assert reverse("concern_signed_plan", args=[concern.pk]) in html


def test_the_closing_steps_link_to_the_upload_of_the_signed_document_for_those_who_manage(
    pathway, coordinator, manager, mentor
):
    concern = to_follow_up(pathway, manager, mentor.person)
    upload = reverse("document_upload", args=[pathway.pk]) + "?kind=signed_agreement"
    url = reverse("concern_detail", args=[concern.pk])
    assert upload in client_for(coordinator).get(url).content.decode()
    # The professional manager who raised it handles it, but uploads no documents.
    page = client_for(manager).get(url).content.decode()
    assert "request_cancellation" in page and upload not in page
