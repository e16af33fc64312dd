"""The contract's domain functions: every step of the table (lifecycle.STEPS) allowed from
its source statuses and refused from the others, and each rule of the Act checked with
its refusal's field and the section it names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from fagvei.audit.models import Event
from fagvei.contracts import services
from fagvei.contracts.lifecycle import STEPS, allowed
from fagvei.contracts.models import (
    ENDED,
    Attest,
    Contract,
    CountySettings,
    Ending,
    Interruption,
    Status,
    Submission,
)
from fagvei.core.domain import DomainError, StaleObject
from fagvei.documents.models import Document
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways.models import Pathway, Stage
from tests.contracts.conftest import (
    END,
    START,
    TODAY,
    approve,
    open_submission,
    reload,
    send,
    start_training,
    upload_checklist,
    write,
)
from tests.factories import make_document, make_org, make_workplace

pytestmark = pytest.mark.django_db


def refused(call: Any, *, field: str | None = None, law: str | None = None, says: str | None = None) -> DomainError:
    """Call in English and return the refusal, checking its field and the law it names."""
    with translation.override("en"), pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field, str(caught.value)
    if law is not None:
        assert law in str(caught.value)
    if says is not None:
        assert says in str(caught.value)
    return caught.value


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def in_training(pathway: Pathway, coordinator: Any, adviser: Any | None = None) -> Contract:
    """The pathway's contract written, sent, approved (by the adviser where the county
    decides in fagvei, else recorded by the coordinator), and training started."""
    contract = send(write(pathway, coordinator), coordinator)
    if adviser is not None:
        approve(contract, adviser)
    else:
        approve(contract, coordinator, reference="2026/123")
    start_training(pathway, coordinator)
    contract = reload(contract)
    assert contract.status == Status.APPROVED
    return contract


def signed_agreement(pathway: Pathway, actor: Any) -> Document:
    return make_document(pathway, actor, kind=Document.Kind.SIGNED_AGREEMENT, name="avtale.pdf")


# Writing the contract (ol. § 7-1, § 7-2; ofo. § 6-13, § 9-58) -----------------------------


def test_a_draft_takes_the_pathways_company_its_county_and_moves_the_planned_dates(pathway, coordinator, county):
    contract = write(pathway, coordinator)
    assert contract.status == Status.DRAFT
    assert contract.company_id == pathway.workplace_id
    assert contract.county == county
    pathway.refresh_from_db()
    assert (pathway.planned_start, pathway.planned_end) == (START, END)
    assert Event.objects.filter(verb="contract.created", object_id=contract.pk).count() == 1


def test_the_kind_of_contract_follows_the_track(pathway, coordinator):
    # ol. § 7-1: the alternative route has fagbrev på jobb or a training contract.
    refused(lambda: write(pathway, coordinator, kind="apprenticeship"), field="kind", law="ol. § 7-1")
    Pathway.objects.filter(pk=pathway.pk).update(track="apprentice")
    refused(lambda: write(pathway, coordinator, kind="at_work"), field="kind", law="ol. § 7-1")
    assert not Contract.objects.exists()
    assert write(pathway, coordinator, kind="apprenticeship", prior_practice_years=None).kind == "apprenticeship"


def test_the_company_must_be_approved_for_the_trade(pathway, coordinator, trade, county):
    unapproved = make_org(Organisation.Kind.TRAINING_COMPANY, "Uten godkjenning", county=county)
    refused(lambda: write(pathway, coordinator, company=unapproved), field="company", law="ofo. § 6-13")
    withdrawn = make_workplace(trade, status="withdrawn", county=county)
    refused(lambda: write(pathway, coordinator, company=withdrawn), field="company", law="ofo. § 6-13")
    assert not Contract.objects.exists()


def test_a_lapsed_approval_no_longer_counts(pathway, coordinator, company):
    # ol. § 7-9 third ledd: two years after the last contract ended.
    TradeApproval.objects.filter(organisation=company).update(contracts_run_until=TODAY - days(2 * 365 + 10))
    refused(lambda: write(pathway, coordinator), field="company", law="ol. § 7-9")
    assert not Contract.objects.exists()
    TradeApproval.objects.filter(organisation=company).update(contracts_run_until=TODAY - days(365))
    assert write(pathway, coordinator).company == company


def test_fagbrev_pa_jobb_needs_a_year_of_practice_and_a_year_of_contract(pathway, coordinator):
    # ofo. § 9-58
    refused(
        lambda: write(pathway, coordinator, prior_practice_years=Decimal("0.5")),
        field="prior_practice_years",
        law="ofo. § 9-58",
    )
    refused(lambda: write(pathway, coordinator, end_date=START + days(300)), field="end_date", law="ofo. § 9-58")
    assert not Contract.objects.exists()


def test_a_pathway_has_one_contract(pathway, coordinator):
    write(pathway, coordinator)
    refused(lambda: write(pathway, coordinator), says="already has a contract")
    assert Contract.objects.count() == 1


def test_a_contract_is_written_in_start_up_by_those_who_manage_the_pathway(pathway, coordinator, other_coordinator):
    refused(lambda: write(pathway, other_coordinator), says="may not change")
    Pathway.objects.filter(pk=pathway.pk).update(stage=Stage.REFERRED)
    refused(lambda: write(pathway, coordinator), says="start-up")
    assert not Contract.objects.exists()


def test_a_company_without_a_county_is_refused(pathway, coordinator, trade):
    nowhere = make_workplace(trade)
    Organisation.objects.filter(pk=nowhere.pk).update(county=None)
    nowhere.refresh_from_db()
    refused(lambda: write(pathway, coordinator, company=nowhere), field="company", law="ol. § 7-2")


# Correcting a draft --------------------------------------------------------------------


def test_a_draft_and_a_returned_application_are_corrected_a_sent_one_is_not(pathway, coordinator):
    contract = write(pathway, coordinator)
    services.update_contract(
        actor=coordinator, pathway_id=pathway.pk, expected_version=1, data={"goal": "Fagbrev, nytt mål"}
    )
    contract = reload(contract)
    assert (contract.goal, contract.version) == ("Fagbrev, nytt mål", 2)
    with pytest.raises(StaleObject):
        services.update_contract(actor=coordinator, pathway_id=pathway.pk, expected_version=1, data={"goal": "Gammel"})
    send(contract, coordinator)
    sent = reload(contract)
    refused(
        lambda: services.update_contract(
            actor=coordinator, pathway_id=pathway.pk, expected_version=sent.version, data={"goal": "Etterpå"}
        ),
        law="ol. § 7-2",
    )
    assert reload(contract).goal == "Fagbrev, nytt mål"
    services.return_contract_application(
        actor=coordinator, submission_id=open_submission(contract).pk, reason="Mangler signatur", reference="2026/1"
    )
    returned = reload(contract)
    assert returned.status == Status.RETURNED
    services.update_contract(
        actor=coordinator, pathway_id=pathway.pk, expected_version=returned.version, data={"goal": "Rettet"}
    )
    assert reload(contract).goal == "Rettet"


def test_a_correction_is_checked_as_a_new_contract(pathway, coordinator):
    write(pathway, coordinator)
    refused(
        lambda: services.update_contract(
            actor=coordinator, pathway_id=pathway.pk, expected_version=1, data={"kind": "apprenticeship"}
        ),
        field="kind",
        law="ol. § 7-1",
    )
    assert Contract.objects.get().kind == "at_work"


# Sending the application ---------------------------------------------------------------


def _submit(pathway: Pathway, actor: Any, signed_on: Any) -> Any:
    return lambda: services.submit_contract_application(
        actor=actor,
        pathway_id=pathway.pk,
        expected_version=Contract.objects.get(pathway=pathway).version,
        signed_on=signed_on,
    )


def test_the_application_needs_the_checklist_documents(pathway, coordinator, company):
    contract = write(pathway, coordinator)
    make_document(pathway, coordinator, kind="cv")
    error = refused(_submit(pathway, coordinator, TODAY), field="documents")
    assert "employment contract" in str(error).lower()
    assert reload(contract).status == Status.DRAFT
    assert not Submission.objects.exists()
    upload_checklist(contract, coordinator)
    services.submit_contract_application(
        actor=coordinator, pathway_id=pathway.pk, expected_version=contract.version, signed_on=TODAY - days(2)
    )
    sent = reload(contract)
    assert sent.status == Status.SUBMITTED
    assert sent.signed_on == TODAY - days(2)
    assert sent.submitted_at is not None
    assert sent.original_end_date == END
    application = Submission.objects.get()
    assert (application.kind, application.state, application.county_id) == ("application", "sent", sent.county_id)
    # What the county asks for, each kind once (the extra CV too: the county sees the current ones).
    assert sorted(application.documents.values_list("kind", flat=True)) == sorted(services.checklist_for(sent) + ["cv"])
    # ol. § 7-9 third ledd: the approval runs at least until the contract's end.
    assert TradeApproval.objects.get(organisation=company).contracts_run_until == END


def test_the_application_is_signed_on_a_given_day_not_in_the_future(pathway, coordinator):
    contract = write(pathway, coordinator)
    upload_checklist(contract, coordinator)
    refused(_submit(pathway, coordinator, None), field="signed_on")
    refused(_submit(pathway, coordinator, TODAY + days(1)), field="signed_on")
    assert reload(contract).status == Status.DRAFT


def test_a_sent_contract_lets_training_start(pathway, coordinator):
    # ol. § 7-2 third ledd: valid from the start of training, before the county approves.
    send(write(pathway, coordinator), coordinator)
    start_training(pathway, coordinator)
    pathway.refresh_from_db()
    assert pathway.stage == Stage.IN_TRAINING


# The county's answers ------------------------------------------------------------------


def test_where_the_county_decides_in_fagvei_its_adviser_approves(
    pathway, coordinator, adviser, other_adviser, decides_in_fagvei
):
    contract = send(write(pathway, coordinator), coordinator)
    submission = open_submission(contract)
    refused(lambda: approve(contract, coordinator, reference="2026/9"), says="Only the county")
    refused(lambda: approve(contract, other_adviser), says="Only the county")
    with pytest.raises(StaleObject):
        approve(contract, adviser, expected_version=submission.version + 1)
    approve(contract, adviser, expected_version=submission.version)
    decided = Submission.objects.get(pk=submission.pk)
    assert (decided.state, decided.decided_in_fagvei, decided.decided_by, decided.reference) == (
        "approved",
        True,
        adviser,
        "",
    )
    assert decided.decided_on == TODAY
    contract = reload(contract)
    assert (contract.status, contract.approved_on) == (Status.APPROVED, TODAY)
    refused(lambda: services.approve_contract(actor=adviser, submission_id=submission.pk), says="already answered")


def test_where_the_county_decides_outside_the_coordinator_records_its_decision(pathway, coordinator, adviser):
    contract = send(write(pathway, coordinator), coordinator)
    submission = open_submission(contract)
    # The county's adviser does not decide in fagvei for a county that does not.
    refused(lambda: approve(contract, adviser, reference="2026/9"), says="Only the county")
    refused(lambda: approve(contract, coordinator), field="reference")
    refused(lambda: approve(contract, coordinator, reference="2026/9", decided_on=TODAY + days(1)), field="decided_on")
    refused(lambda: approve(contract, coordinator, reference="2026/9", decided_on=TODAY - days(30)), field="decided_on")
    assert reload(contract).status == Status.SUBMITTED
    approve(contract, coordinator, reference=" 2026/9 ", decided_on=TODAY)
    decided = Submission.objects.get(pk=submission.pk)
    assert (decided.state, decided.decided_in_fagvei, decided.reference, decided.decided_on) == (
        "approved",
        False,
        "2026/9",
        TODAY,
    )
    assert reload(contract).status == Status.APPROVED


def test_a_return_needs_a_reason_and_the_application_is_sent_again(pathway, coordinator, adviser, decides_in_fagvei):
    contract = send(write(pathway, coordinator), coordinator)
    submission = open_submission(contract)
    refused(
        lambda: services.return_contract_application(actor=adviser, submission_id=submission.pk, reason="  "),
        field="reason",
    )
    refused(
        lambda: services.decide_submission(
            actor=adviser, submission_id=submission.pk, expected_version=None, outcome="acknowledged"
        ),
        field="outcome",
    )
    assert reload(contract).status == Status.SUBMITTED
    services.return_contract_application(actor=adviser, submission_id=submission.pk, reason="Mangler arbeidsavtale")
    assert Submission.objects.get(pk=submission.pk).decision_reason == "Mangler arbeidsavtale"
    returned = reload(contract)
    assert returned.status == Status.RETURNED
    services.submit_contract_application(
        actor=coordinator, pathway_id=pathway.pk, expected_version=returned.version, signed_on=TODAY
    )
    assert reload(contract).status == Status.SUBMITTED
    assert Submission.objects.filter(kind="application").count() == 2
    assert reload(contract).original_end_date == END


# Changes (ol. § 7-2 second ledd) --------------------------------------------------------


def _change(contract: Contract, actor: Any, justification: str = "Lengre opplæring", **data: Any) -> Any:
    return lambda: services.request_contract_change(
        actor=actor,
        pathway_id=contract.pathway_id,
        expected_version=reload(contract).version,
        data=data,
        justification=justification,
    )


def test_a_change_is_applied_only_when_the_county_approves_it(
    pathway, coordinator, adviser, decides_in_fagvei, company
):
    contract = in_training(pathway, coordinator, adviser)
    refused(_change(contract, coordinator, end_date=contract.end_date), says="at least one")
    refused(_change(contract, coordinator, justification=" ", end_date=END + days(60)), field="justification")
    submission = _change(contract, coordinator, end_date=END + days(60))()
    assert submission.proposed == {"end_date": (END + days(60)).isoformat()}
    refused(_change(contract, coordinator, end_date=END + days(90)), says="already been sent")
    assert reload(contract).end_date == END
    services.decide_submission(actor=adviser, submission_id=submission.pk, expected_version=None, outcome="approved")
    assert reload(contract).end_date == END + days(60)
    pathway.refresh_from_db()
    assert pathway.planned_end == END + days(60)
    assert TradeApproval.objects.get(organisation=company).contracts_run_until == END + days(60)


def test_a_refused_change_leaves_the_contract_as_it_was(pathway, coordinator, adviser, decides_in_fagvei):
    contract = in_training(pathway, coordinator, adviser)
    submission = _change(contract, coordinator, end_date=END + days(60))()
    refused(
        lambda: services.decide_submission(
            actor=adviser, submission_id=submission.pk, expected_version=None, outcome="refused"
        ),
        field="reason",
    )
    services.decide_submission(
        actor=adviser, submission_id=submission.pk, expected_version=None, outcome="refused", reason="Ikke grunnlag"
    )
    assert reload(contract).end_date == END
    assert reload(contract).status == Status.APPROVED


def test_a_change_is_checked_as_the_contract_would_be_after_it(
    pathway, coordinator, adviser, decides_in_fagvei, trade, county, other_county
):
    contract = in_training(pathway, coordinator, adviser)
    elsewhere = make_workplace(trade, county=other_county)
    refused(_change(contract, coordinator, company=elsewhere), field="company", says="another county")
    unapproved = make_org(Organisation.Kind.TRAINING_COMPANY, "Ikke godkjent", county=county)
    refused(_change(contract, coordinator, company=unapproved), field="company", law="ofo. § 6-13")
    refused(_change(contract, coordinator, end_date=START + days(200)), field="end_date", law="ofo. § 9-58")
    assert not Submission.objects.filter(kind="change").exists()
    nearby = make_workplace(trade, county=county)
    submission = _change(contract, coordinator, company=nearby)()
    services.decide_submission(actor=adviser, submission_id=submission.pk, expected_version=None, outcome="approved")
    assert reload(contract).company == nearby
    pathway.refresh_from_db()
    assert pathway.workplace == nearby


# Interruptions ---------------------------------------------------------------------------


def _interrupt(contract: Contract, actor: Any, reason: str = "parental_leave", **kwargs: Any) -> Any:
    kwargs.setdefault("starts_on", TODAY - days(40))
    return lambda: services.start_interruption(
        actor=actor, pathway_id=contract.pathway_id, expected_version=reload(contract).version, reason=reason, **kwargs
    )


def _resume(contract: Contract, actor: Any, interruption: Interruption, ends_on: Any) -> Any:
    return lambda: services.end_interruption(
        actor=actor,
        pathway_id=contract.pathway_id,
        expected_version=reload(contract).version,
        interruption_id=interruption.pk,
        ends_on=ends_on,
    )


def test_the_end_moves_by_the_days_away_counted_inclusively(pathway, coordinator, adviser, decides_in_fagvei):
    contract = in_training(pathway, coordinator, adviser)
    interruption = _interrupt(contract, coordinator)()
    pathway.refresh_from_db()
    assert pathway.stage == Stage.INTERRUPTED
    # Parental leave is reported to the county where it decides in fagvei.
    assert Submission.objects.filter(kind="interruption", interruption=interruption).count() == 1
    assert Interruption.objects.get(pk=interruption.pk).county_told_on == TODAY
    refused(_resume(contract, coordinator, interruption, TODAY + days(1)), field="ends_on")
    refused(_resume(contract, coordinator, interruption, TODAY - days(41)), field="ends_on")
    # Away from the 40th day before today to the 11th: 30 days.
    done = _resume(contract, coordinator, interruption, TODAY - days(11))()
    assert (done.end_before, done.end_after, done.days_away) == (END, END + days(30), 30)
    assert reload(contract).end_date == END + days(30)
    pathway.refresh_from_db()
    assert (pathway.stage, pathway.planned_end, pathway.returned_on) == (
        Stage.IN_TRAINING,
        END + days(30),
        TODAY - days(10),
    )
    refused(_resume(contract, coordinator, interruption, TODAY), says="not running")
    # The next interruption begins after the participant came back.
    refused(_interrupt(contract, coordinator, starts_on=TODAY - days(12)), field="starts_on")


def test_a_second_running_interruption_is_refused(pathway, coordinator, adviser, decides_in_fagvei):
    contract = in_training(pathway, coordinator, adviser)
    _interrupt(contract, coordinator)()
    refused(_interrupt(contract, coordinator, starts_on=TODAY - days(5)), says="in training")
    assert Interruption.objects.filter(ended=False).count() == 1


def test_an_interruption_is_checked(pathway, coordinator, adviser, decides_in_fagvei):
    contract = in_training(pathway, coordinator, adviser)
    refused(_interrupt(contract, coordinator, reason="holiday"), field="reason")
    refused(_interrupt(contract, coordinator, starts_on=START - days(1)), field="starts_on")
    refused(_interrupt(contract, coordinator, starts_on=TODAY + days(1)), field="starts_on")
    refused(_interrupt(contract, coordinator, ends_on=TODAY - days(41)), field="ends_on")
    refused(_interrupt(contract, coordinator, county_told_on=TODAY + days(1)), field="county_told_on")
    assert not Interruption.objects.exists()
    pathway.refresh_from_db()
    assert pathway.stage == Stage.IN_TRAINING


@pytest.mark.parametrize(("threshold", "days_ill", "reported"), [(28, 28, False), (28, 29, True), (56, 29, False)])
def test_an_illness_up_to_the_countys_threshold_is_not_reported(
    pathway, coordinator, adviser, decides_in_fagvei, threshold, days_ill, reported
):
    CountySettings.objects.filter(pk=decides_in_fagvei.pk).update(illness_threshold_days=threshold)
    contract = in_training(pathway, coordinator, adviser)
    start = TODAY - days(60)
    # Known from the start: reported at once if longer than the threshold.
    interruption = _interrupt(contract, coordinator, "illness", starts_on=start, ends_on=start + days(days_ill - 1))()
    assert Submission.objects.filter(interruption=interruption).exists() is reported
    _resume(contract, coordinator, interruption, start + days(days_ill - 1))()
    assert Submission.objects.filter(interruption=interruption).count() == int(reported)


@pytest.mark.parametrize(("days_ill", "reported"), [(28, False), (29, True)])
def test_an_open_illness_is_reported_when_it_turns_out_longer(
    pathway, coordinator, adviser, decides_in_fagvei, days_ill, reported
):
    contract = in_training(pathway, coordinator, adviser)
    start = TODAY - days(60)
    interruption = _interrupt(contract, coordinator, "illness", starts_on=start)()
    assert not Submission.objects.filter(interruption=interruption).exists()
    _resume(contract, coordinator, interruption, start + days(days_ill - 1))()
    assert Submission.objects.filter(interruption=interruption).exists() is reported
    assert (Interruption.objects.get(pk=interruption.pk).county_told_on == TODAY) is reported
    # Health data: the events name no reason.
    assert all("illness" not in str(e.data) for e in Event.objects.filter(verb__startswith="contract."))


def test_the_day_the_county_was_told_is_recorded(pathway, coordinator):
    contract = in_training(pathway, coordinator)
    interruption = _interrupt(contract, coordinator)()
    # Outside fagvei nothing is sent: the coordinator records the day the county was told.
    assert not Submission.objects.filter(kind="interruption").exists()

    def report(day: Any) -> Any:
        return lambda: services.report_interruption(
            actor=coordinator, pathway_id=pathway.pk, interruption_id=interruption.pk, told_on=day
        )

    refused(report(TODAY + days(1)), field="county_told_on")
    refused(report(None), field="county_told_on")
    report(TODAY - days(3))()
    assert Interruption.objects.get(pk=interruption.pk).county_told_on == TODAY - days(3)


# Termination by agreement (ol. § 7-3 first ledd) -----------------------------------------


def _terminate(contract: Contract, actor: Any, **kwargs: Any) -> Any:
    values: dict[str, Any] = {"agreed_on": TODAY - days(5), "last_day": TODAY, "reason": "Flytter"}
    values.update(kwargs)
    return lambda: services.terminate_contract(
        actor=actor, pathway_id=contract.pathway_id, expected_version=reload(contract).version, **values
    )


def test_termination_needs_the_signed_agreement_and_the_county_told_before_the_last_day(pathway, coordinator, company):
    contract = in_training(pathway, coordinator)
    refused(_terminate(contract, coordinator, county_told_on=TODAY - days(1)), field="documents", law="ol. § 7-3")
    signed_agreement(pathway, coordinator)
    refused(_terminate(contract, coordinator), field="county_told_on")
    refused(
        _terminate(contract, coordinator, last_day=TODAY - days(3), county_told_on=TODAY - days(2)),
        field="county_told_on",
        law="ol. § 7-3 first ledd",
    )
    refused(_terminate(contract, coordinator, last_day=TODAY - days(6)), field="last_day")
    refused(_terminate(contract, coordinator, reason=" ", county_told_on=TODAY), field="reason")
    refused(_terminate(contract, coordinator, agreed_on=TODAY + days(1)), field="agreed_on")
    assert reload(contract).status == Status.APPROVED
    assert not Ending.objects.exists()
    ending = _terminate(contract, coordinator, last_day=TODAY - days(1), county_told_on=TODAY - days(2))()
    assert (ending.kind, ending.last_day) == ("termination", TODAY - days(1))
    ended = reload(contract)
    assert (ended.status, ended.ended_on) == (Status.TERMINATED, TODAY - days(1))
    notice = Submission.objects.get(kind="termination")
    assert (notice.state, notice.decided_in_fagvei, notice.decided_on) == ("acknowledged", False, TODAY - days(2))
    pathway.refresh_from_db()
    assert (pathway.stage, pathway.end_reason) == (Stage.ENDED, "terminated")
    assert TradeApproval.objects.get(organisation=company).contracts_run_until == TODAY - days(1)


def test_where_the_county_decides_in_fagvei_a_termination_tells_it_today(
    pathway, coordinator, adviser, decides_in_fagvei
):
    contract = in_training(pathway, coordinator, adviser)
    signed_agreement(pathway, coordinator)
    refused(_terminate(contract, coordinator, last_day=TODAY - days(1)), field="county_told_on", law="ol. § 7-3")
    _terminate(contract, coordinator)()
    notice = Submission.objects.get(kind="termination")
    assert notice.state == "sent"
    assert list(notice.documents.values_list("kind", flat=True)) == ["signed_agreement"]


def test_a_termination_during_an_interruption_ends_it(pathway, coordinator):
    contract = in_training(pathway, coordinator)
    interruption = _interrupt(contract, coordinator)()
    signed_agreement(pathway, coordinator)
    _terminate(contract, coordinator, county_told_on=TODAY)()
    ended = Interruption.objects.get(pk=interruption.pk)
    assert ended.ended and ended.ends_on == TODAY
    assert ended.end_before == ended.end_after == END


# Cancellation (ol. § 7-3 second and third ledd) -----------------------------------------


def _request_cancellation(contract: Contract, actor: Any, **kwargs: Any) -> Any:
    values = {"requested_by": "company", "ground": "serious_breach", "justification": "Fravær over lang tid"}
    values.update(kwargs)
    return lambda: services.request_cancellation(
        actor=actor, pathway_id=contract.pathway_id, expected_version=reload(contract).version, **values
    )


def test_a_cancellation_request_is_justified_in_writing_with_the_signed_form(
    pathway, coordinator, adviser, decides_in_fagvei
):
    contract = in_training(pathway, coordinator, adviser)
    refused(_request_cancellation(contract, coordinator), field="documents")
    signed_agreement(pathway, coordinator)
    refused(_request_cancellation(contract, coordinator, requested_by="county"), field="requested_by")
    refused(_request_cancellation(contract, coordinator, ground="boredom"), field="ground")
    refused(_request_cancellation(contract, coordinator, justification=" "), field="justification")
    assert reload(contract).status == Status.APPROVED
    submission = _request_cancellation(contract, coordinator)()
    assert reload(contract).status == Status.CANCELLATION_REQUESTED
    assert submission.proposed == {"requested_by": "company", "ground": "serious_breach"}
    refused(_request_cancellation(contract, coordinator), says="not possible")


def test_a_cancellation_the_company_asks_for_needs_the_participant_heard(
    pathway, coordinator, adviser, decides_in_fagvei
):
    contract = in_training(pathway, coordinator, adviser)
    signed_agreement(pathway, coordinator)
    submission = _request_cancellation(contract, coordinator)()
    refused(
        lambda: services.decide_cancellation(
            actor=adviser, submission_id=submission.pk, cancel=True, participant_heard=None
        ),
        field="participant_heard",
        law="ol. § 7-3 third ledd",
    )
    assert reload(contract).status == Status.CANCELLATION_REQUESTED
    assert Submission.objects.get(pk=submission.pk).state == "sent"
    services.decide_cancellation(actor=adviser, submission_id=submission.pk, cancel=True, participant_heard=True)
    cancelled = reload(contract)
    assert (cancelled.status, cancelled.ended_on) == (Status.CANCELLED, TODAY)
    ending = Ending.objects.get(contract=contract)
    assert (ending.kind, ending.requested_by, ending.ground) == ("cancellation", "company", "serious_breach")
    assert Submission.objects.get(pk=submission.pk).participant_heard is True
    pathway.refresh_from_db()
    assert (pathway.stage, pathway.end_reason) == (Stage.ENDED, "cancelled")


def test_a_written_withdrawal_cannot_be_refused(pathway, coordinator, adviser, decides_in_fagvei):
    contract = in_training(pathway, coordinator, adviser)
    signed_agreement(pathway, coordinator)
    submission = _request_cancellation(
        contract, coordinator, requested_by="participant", ground="withdrew_in_writing"
    )()
    refused(
        lambda: services.decide_cancellation(
            actor=adviser, submission_id=submission.pk, cancel=False, participant_heard=None, reason="Nei"
        ),
        field="outcome",
        law="ol. § 7-3 second ledd",
    )
    assert reload(contract).status == Status.CANCELLATION_REQUESTED
    # The participant asked: no hearing is asked for.
    services.decide_cancellation(actor=adviser, submission_id=submission.pk, cancel=True, participant_heard=None)
    assert reload(contract).status == Status.CANCELLED


def test_a_refused_cancellation_puts_the_contract_back(pathway, coordinator, adviser, decides_in_fagvei):
    contract = in_training(pathway, coordinator, adviser)
    signed_agreement(pathway, coordinator)
    submission = _request_cancellation(contract, coordinator)()
    refused(
        lambda: services.decide_cancellation(
            actor=adviser, submission_id=submission.pk, cancel=False, participant_heard=True
        ),
        field="reason",
    )
    services.decide_cancellation(
        actor=adviser, submission_id=submission.pk, cancel=False, participant_heard=True, reason="Ikke grunnlag"
    )
    assert reload(contract).status == Status.APPROVED
    assert not Ending.objects.exists()
    pathway.refresh_from_db()
    assert pathway.stage == Stage.IN_TRAINING


# The attest (ol. § 7-3 fourth ledd) ------------------------------------------------------


def _attest_data() -> dict[str, Any]:
    return {"period_from": START, "period_to": TODAY, "body": "Har vært i opplæring."}


def test_the_attest_is_written_after_the_end_and_locked_once_issued(pathway, coordinator):
    contract = in_training(pathway, coordinator)
    refused(
        lambda: services.save_attest(
            actor=coordinator, pathway_id=pathway.pk, expected_version=None, data=_attest_data()
        ),
        says="terminated or cancelled",
    )
    signed_agreement(pathway, coordinator)
    _terminate(contract, coordinator, county_told_on=TODAY)()
    attest = services.save_attest(actor=coordinator, pathway_id=pathway.pk, expected_version=None, data=_attest_data())
    assert attest.version == 1
    with pytest.raises(StaleObject):
        services.save_attest(actor=coordinator, pathway_id=pathway.pk, expected_version=None, data=_attest_data())
    attest = services.save_attest(
        actor=coordinator, pathway_id=pathway.pk, expected_version=1, data={**_attest_data(), "body": "Rettet."}
    )
    assert (attest.body, attest.version) == ("Rettet.", 2)
    with pytest.raises(StaleObject):
        services.issue_attest(actor=coordinator, pathway_id=pathway.pk, expected_version=1)
    issued = services.issue_attest(actor=coordinator, pathway_id=pathway.pk, expected_version=2)
    assert issued.issued_at is not None and issued.issued_by == coordinator
    refused(
        lambda: services.save_attest(
            actor=coordinator, pathway_id=pathway.pk, expected_version=issued.version, data=_attest_data()
        ),
        says="can no longer be changed",
    )
    assert Attest.objects.get().body == "Rettet."


def test_the_attest_draft_names_the_training(pathway, coordinator):
    contract = in_training(pathway, coordinator)
    with translation.override("en"):
        body = services.draft_attest_body(reload(contract))
    assert pathway.participant.full_name in body
    assert pathway.workplace.name in body


# Stale versions and the approval's lapse ------------------------------------------------


def test_stale_versions_are_refused(pathway, coordinator):
    contract = write(pathway, coordinator)
    upload_checklist(contract, coordinator)
    with pytest.raises(StaleObject):
        services.submit_contract_application(
            actor=coordinator, pathway_id=pathway.pk, expected_version=contract.version + 1, signed_on=TODAY
        )
    contract = send(contract, coordinator)
    with pytest.raises(StaleObject):
        services.start_interruption(
            actor=coordinator,
            pathway_id=pathway.pk,
            expected_version=contract.version - 1,
            reason="parental_leave",
            starts_on=TODAY,
        )


def test_refresh_approval_keeps_the_day_the_companys_contracts_run_until(pathway, coordinator, company, trade):
    approval = TradeApproval.objects.get(organisation=company)
    contract = write(pathway, coordinator)
    services.refresh_approval(company.pk, trade.pk)
    approval.refresh_from_db()
    # A draft has not used the approval.
    assert approval.contracts_run_until is None
    Contract.objects.filter(pk=contract.pk).update(
        status=Status.TERMINATED, signed_on=START, submitted_at=timezone.now(), ended_on=TODAY - days(3)
    )
    services.refresh_approval(company.pk, trade.pk)
    approval.refresh_from_db()
    assert approval.contracts_run_until == TODAY - days(3)
    assert approval.lapses_on == (TODAY - days(3)).replace(year=(TODAY - days(3)).year + 2)
    Contract.objects.filter(pk=contract.pk).update(status=Status.APPROVED, ended_on=None)
    services.refresh_approval(company.pk, trade.pk)
    approval.refresh_from_db()
    assert approval.contracts_run_until == END


# Every step from every status ----------------------------------------------------------


def _force(contract: Contract, status: str) -> None:
    """Put the contract in ``status`` with what its constraints ask of it."""
    values: dict[str, Any] = {"status": status, "signed_on": START, "submitted_at": timezone.now()}
    if status in ENDED:
        values["ended_on"] = TODAY
    if status in (Status.APPROVED, Status.CANCELLATION_REQUESTED):
        values["approved_on"] = TODAY - days(1)
    Contract.objects.filter(pk=contract.pk).update(**values)


def _sent(contract: Contract, actor: Any, kind: str, **proposed: Any) -> Submission:
    return Submission.objects.create(
        contract=contract,
        county=contract.county,
        kind=kind,
        sent_at=timezone.now() - days(1),
        sent_by=actor,
        proposed=proposed,
    )


def _step_call(step: str, contract: Contract, coordinator: Any, adviser: Any) -> Any:
    pathway_id, version = contract.pathway_id, reload(contract).version
    cancellation = {"requested_by": "participant", "ground": "unable_to_fulfil"}
    calls = {
        "submit": lambda: services.submit_contract_application(
            actor=coordinator, pathway_id=pathway_id, expected_version=version, signed_on=TODAY
        ),
        "approve": lambda: services.approve_contract(
            actor=adviser, submission_id=_sent(contract, coordinator, "application").pk
        ),
        "return": lambda: services.return_contract_application(
            actor=adviser, submission_id=_sent(contract, coordinator, "application").pk, reason="Mangler"
        ),
        "request_change": _change(contract, coordinator, end_date=END + days(30)),
        "interrupt": _interrupt(contract, coordinator, starts_on=TODAY - days(5)),
        "terminate": _terminate(contract, coordinator),
        "request_cancellation": _request_cancellation(contract, coordinator, **cancellation),
        "cancel": lambda: services.decide_cancellation(
            actor=adviser,
            submission_id=_sent(contract, coordinator, "cancellation", **cancellation).pk,
            cancel=True,
            participant_heard=None,
        ),
        "refuse_cancellation": lambda: services.decide_cancellation(
            actor=adviser,
            submission_id=_sent(contract, coordinator, "cancellation", **cancellation).pk,
            cancel=False,
            participant_heard=None,
            reason="Ikke grunnlag",
        ),
    }
    assert set(calls) == set(STEPS)
    return calls[step]


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_is_allowed_from_its_sources_and_refused_from_the_others(
    step, status, pathway, coordinator, adviser, decides_in_fagvei
):
    contract = write(pathway, coordinator)
    upload_checklist(contract, coordinator)
    signed_agreement(pathway, coordinator)
    _force(contract, status)
    Pathway.objects.filter(pk=pathway.pk).update(stage=Stage.IN_TRAINING)
    call = _step_call(step, reload(contract), coordinator, adviser)
    if allowed(step, status):
        call()
        # A step without a target decides: a change or an interruption leaves the status,
        # a refused cancellation goes back to the approved contract it came from.
        expected = STEPS[step].target or {"refuse_cancellation": Status.APPROVED}.get(step, status)
        assert reload(contract).status == expected
    else:
        refused(call, says="is not possible when the contract is")
        assert reload(contract).status == status
        assert not Ending.objects.exists()
        assert not Interruption.objects.exists()
