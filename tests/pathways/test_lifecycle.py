"""The pathway lifecycle: every transition allowed from the right stage with its
preconditions met, and refused otherwise, with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import override

from fagvei.audit.models import Event
from fagvei.core.domain import DomainError, StaleObject
from fagvei.pathways import services
from fagvei.pathways.lifecycle import TRANSITIONS, transitions_for
from fagvei.pathways.models import Consent, EndReason, Pathway, PathwayMember, PoliceCertificate, Stage
from tests.factories import (
    make_passed_trade_test,
    make_pathway,
    make_ready_to_start,
    make_screening,
    make_trade,
    make_user,
    make_workplace,
)

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)

# How to call each transition with valid input.
CALLS = {
    "start_screening": {},
    "admit": {"reason": "Motivert og egnet."},
    "decline": {"reason": "Ønsker annet fag."},
    "begin_start_up": {},
    "start_training": {},
    "interrupt": {"reason": "Permisjon.", "county_informed": True},
    "resume": {},
    "complete": {"passed_on": YESTERDAY},
    "end": {"end_reason": EndReason.WITHDRAWN, "reason": "Flyttet.", "county_informed": True},
}


def _ready(pathway, coordinator, *, contract=None):
    """Meet every precondition so only the stage decides."""
    make_screening(pathway, coordinator)
    make_ready_to_start(pathway, coordinator, contract=contract)
    return Pathway.objects.get(pk=pathway.pk)


def _events(pathway):
    return list(Event.objects.filter(pathway=pathway).values_list("verb", flat=True))


@pytest.mark.parametrize(
    ("name", "source"),
    [(t.name, s) for t in TRANSITIONS.values() for s in sorted(t.sources)],
)
def test_every_transition_is_allowed_from_its_source_stages(name, source, scheme, coordinator):
    # Ending a pathway in start-up whose contract has been sent is the contract's
    # (fagvei/contracts/rules.py): here, one without a contract.
    contract = False if name == "end" else None
    pathway = _ready(make_pathway(scheme, stage=source, coordinator=coordinator), coordinator, contract=contract)
    if source == Stage.INTERRUPTED:
        pathway.interrupted_at = timezone.now()
        pathway.save()
    if name == "complete":
        # A pathway is completed by a passed trade test, on its date (fagvei/exams).
        make_passed_trade_test(pathway, coordinator, YESTERDAY)
    before = pathway.version

    result = TRANSITIONS[name].perform(actor=coordinator, pathway_id=pathway.pk, **CALLS[name])

    transition = TRANSITIONS[name]
    result.refresh_from_db()
    assert result.stage == transition.target
    assert getattr(result, transition.timestamp_field) is not None
    assert result.version == before + 1
    event = Event.objects.get(pathway=pathway, verb=f"pathway.{name}")
    assert event.actor == coordinator
    assert event.data["from"] == source and event.data["to"] == transition.target


@pytest.mark.parametrize(
    ("name", "stage"),
    [(t.name, s) for t in TRANSITIONS.values() for s in Stage.values if s not in t.sources],
)
def test_every_transition_is_refused_from_other_stages(name, stage, scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=stage, coordinator=coordinator), coordinator)

    with override("en"), pytest.raises(DomainError) as refused:
        TRANSITIONS[name].perform(actor=coordinator, pathway_id=pathway.pk, **CALLS[name])

    assert "is not possible when the pathway is" in str(refused.value)
    pathway.refresh_from_db()
    assert pathway.stage == stage
    assert _events(pathway) == []


def test_admission_needs_a_screening(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    with override("en"), pytest.raises(DomainError, match="screening has not been registered"):
        services.admit_pathway(actor=coordinator, pathway_id=pathway.pk, reason="Egnet.")
    pathway.refresh_from_db()
    assert pathway.stage == Stage.SCREENING and pathway.admitted_at is None


@pytest.mark.parametrize("name", ["admit", "decline"])
def test_admission_decisions_need_a_reason(name, scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    make_screening(pathway, coordinator)
    with override("en"), pytest.raises(DomainError, match="Reason") as refused:
        TRANSITIONS[name].perform(actor=coordinator, pathway_id=pathway.pk, reason="  ")
    assert refused.value.field == "reason"
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.SCREENING


def test_decision_reason_is_kept(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    services.decline_pathway(actor=coordinator, pathway_id=pathway.pk, reason="Ønsker et annet fag.")
    pathway.refresh_from_db()
    assert pathway.stage == Stage.DECLINED
    assert pathway.decision_reason == "Ønsker et annet fag."


def test_start_up_needs_a_responsible_coordinator(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.ADMITTED, coordinator=None)
    with override("en"), pytest.raises(DomainError, match="coordinator"):
        services.begin_start_up(actor=coordinator, pathway_id=pathway.pk)


def _break(pathway, what):
    if what == "workplace":
        pathway.workplace = None
        pathway.save()
    elif what == "approval":
        pathway.workplace.approvals.update(status="lapsed")
    elif what == "approval_other_trade":
        pathway.workplace = make_workplace(make_trade("ROF", police=False))
        pathway.save()
    elif what == "consent":
        Consent.objects.filter(pathway=pathway).delete()
    elif what == "consent_withdrawn":
        Consent.objects.filter(pathway=pathway).update(withdrawn_on=timezone.localdate())
    elif what == "police":
        PoliceCertificate.objects.filter(pathway=pathway).delete()
    elif what == "mentor":
        PathwayMember.objects.filter(pathway=pathway).delete()
    elif what == "dates":
        pathway.planned_end = None
        pathway.save()


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("workplace", "No workplace has been named"),
        ("approval", "is not approved for"),
        ("approval_other_trade", "is not approved for"),
        ("consent", "consent to participation has not been registered"),
        ("consent_withdrawn", "consent to participation has not been registered"),
        ("police", "police certificate has not been registered"),
        ("mentor", "No mentor or instructor"),
        ("dates", "planned start and end dates"),
    ],
)
def test_start_training_names_what_is_missing(what, message, scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator), coordinator)
    _break(pathway, what)

    with override("en"), pytest.raises(DomainError) as refused:
        services.start_training(actor=coordinator, pathway_id=pathway.pk)

    assert message in str(refused.value)
    pathway.refresh_from_db()
    assert pathway.stage == Stage.STARTING and pathway.training_started_at is None
    assert _events(pathway) == []


def test_police_certificate_is_not_asked_for_trades_without_it(municipality, coordinator):
    from tests.factories import make_scheme

    scheme = make_scheme(municipality, make_trade("ROF", police=False))
    pathway = _ready(make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator), coordinator)
    PoliceCertificate.objects.filter(pathway=pathway).delete()
    services.start_training(actor=coordinator, pathway_id=pathway.pk)
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.IN_TRAINING


def test_interruption_needs_the_county_told(scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator), coordinator)
    with override("en"), pytest.raises(DomainError, match="county") as refused:
        services.interrupt_pathway(actor=coordinator, pathway_id=pathway.pk, reason="Syk.", county_informed=False)
    assert refused.value.field == "county_informed"
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.IN_TRAINING


def test_resuming_moves_the_end_date_by_the_time_away(scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=Stage.INTERRUPTED, coordinator=coordinator), coordinator)
    pathway.interrupted_at = timezone.now() - dt.timedelta(days=30)
    pathway.save()
    planned_end = pathway.planned_end

    services.resume_pathway(actor=coordinator, pathway_id=pathway.pk)

    pathway.refresh_from_db()
    assert pathway.stage == Stage.IN_TRAINING
    assert pathway.planned_end == planned_end + dt.timedelta(days=30)


@pytest.mark.parametrize("passed_on", [None, YESTERDAY, timezone.localdate() + dt.timedelta(days=1)])
def test_completion_without_a_passed_trade_test_is_refused_naming_the_rule(passed_on, scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator), coordinator)
    with pytest.raises(DomainError) as refused:
        services.complete_pathway(actor=coordinator, pathway_id=pathway.pk, passed_on=passed_on)
    assert "ofo. §§ 9-5, 9-55" in str(refused.value)
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.IN_TRAINING


def test_a_failed_trade_test_does_not_complete_the_pathway(scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator), coordinator)
    make_passed_trade_test(pathway, coordinator, YESTERDAY, result="failed")
    with pytest.raises(DomainError):
        services.complete_pathway(actor=coordinator, pathway_id=pathway.pk)
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.IN_TRAINING


def test_the_completion_date_is_the_passed_tests_and_no_other(scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator), coordinator)
    make_passed_trade_test(pathway, coordinator, YESTERDAY)
    with pytest.raises(DomainError) as refused:
        services.complete_pathway(actor=coordinator, pathway_id=pathway.pk, passed_on=YESTERDAY - dt.timedelta(days=1))
    assert refused.value.field == "passed_on" and "ofo. § 9-55" in str(refused.value)
    done = services.complete_pathway(actor=coordinator, pathway_id=pathway.pk)
    assert (done.stage, done.trade_test_passed_on) == (Stage.COMPLETED, YESTERDAY)
    event = Event.objects.get(pathway=pathway, verb="pathway.complete")
    assert event.data["trade_test_passed_on"] == YESTERDAY.isoformat()


def test_ending_needs_reason_and_note(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.REFERRED, coordinator=coordinator)
    with pytest.raises(DomainError) as refused:
        services.end_pathway(actor=coordinator, pathway_id=pathway.pk, end_reason="", reason="x")
    assert refused.value.field == "end_reason"
    with pytest.raises(DomainError) as refused:
        services.end_pathway(actor=coordinator, pathway_id=pathway.pk, end_reason="withdrawn", reason=" ")
    assert refused.value.field == "reason"
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.REFERRED


@pytest.mark.parametrize("reason", [EndReason.TERMINATED, EndReason.CANCELLED])
def test_termination_under_contract_needs_the_county_told(reason, scheme, coordinator):
    # ol. § 7-3
    pathway = _ready(make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator), coordinator)
    with pytest.raises(DomainError) as refused:
        services.end_pathway(
            actor=coordinator, pathway_id=pathway.pk, end_reason=reason, reason="Avtalt.", county_informed=False
        )
    assert refused.value.field == "county_informed"
    pathway.refresh_from_db()
    assert pathway.stage == Stage.IN_TRAINING and pathway.end_reason == ""

    services.end_pathway(
        actor=coordinator, pathway_id=pathway.pk, end_reason=reason, reason="Avtalt.", county_informed=True
    )
    pathway.refresh_from_db()
    assert pathway.stage == Stage.ENDED and pathway.end_reason == reason
    assert Event.objects.get(pathway=pathway, verb="pathway.end").data["end_reason"] == reason


def test_a_stale_version_is_refused(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.REFERRED, coordinator=coordinator)
    with pytest.raises(StaleObject):
        services.start_screening(actor=coordinator, pathway_id=pathway.pk, expected_version=pathway.version + 1)
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.REFERRED


def test_someone_who_does_not_run_the_pathway_cannot_move_it(scheme, coordinator, other_coordinator):
    pathway = make_pathway(scheme, stage=Stage.REFERRED, coordinator=coordinator)
    with pytest.raises(DomainError):
        services.start_screening(actor=other_coordinator, pathway_id=pathway.pk)
    mentor = make_user("mentor", scheme.organisation)
    with pytest.raises(DomainError):
        services.start_screening(actor=mentor, pathway_id=pathway.pk)
    assert Pathway.objects.get(pk=pathway.pk).stage == Stage.REFERRED


def test_offers_list_only_the_transitions_from_the_current_stage(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.SCREENING, coordinator=coordinator)
    offers = {o.transition.name: o for o in transitions_for(pathway)}
    assert set(offers) == {"admit", "decline", "end"}
    assert not offers["admit"].allowed and offers["admit"].missing
    assert offers["decline"].allowed


def test_police_certificate_rules(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator)
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        services.register_police_certificate(
            actor=coordinator, pathway_id=pathway.pk, issued_on=today - dt.timedelta(days=120), checked_on=today
        )
    assert refused.value.field == "issued_on"
    with pytest.raises(DomainError) as refused:
        services.register_police_certificate(
            actor=coordinator, pathway_id=pathway.pk, issued_on=today, checked_on=today + dt.timedelta(days=1)
        )
    assert refused.value.field == "checked_on"
    assert not PoliceCertificate.objects.filter(pathway=pathway).exists()
    services.register_police_certificate(
        actor=coordinator, pathway_id=pathway.pk, issued_on=today - dt.timedelta(days=10), checked_on=today
    )
    assert PoliceCertificate.objects.filter(pathway=pathway, checked_by=coordinator).exists()
    assert _events(pathway) == ["police_certificate.registered"]


def test_consent_cannot_be_registered_twice_and_can_be_withdrawn(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator)
    consent = services.register_consent(
        actor=coordinator, pathway_id=pathway.pk, purpose="participation", receiving_party="", given_on=YESTERDAY
    )
    with pytest.raises(DomainError) as refused:
        services.register_consent(
            actor=coordinator, pathway_id=pathway.pk, purpose="participation", receiving_party="", given_on=YESTERDAY
        )
    assert refused.value.field == "purpose"
    services.withdraw_consent(
        actor=coordinator, pathway_id=pathway.pk, consent_id=consent.pk, withdrawn_on=timezone.localdate()
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()


def test_the_last_mentor_of_a_pathway_in_training_cannot_be_removed(scheme, coordinator):
    pathway = _ready(make_pathway(scheme, stage=Stage.IN_TRAINING, coordinator=coordinator), coordinator)
    mentor = pathway.members.get(role="mentor")
    with pytest.raises(DomainError):
        services.remove_member(actor=coordinator, pathway_id=pathway.pk, member_id=mentor.pk)
    assert pathway.members.filter(pk=mentor.pk).exists()


def test_the_workplace_must_be_approved_for_the_trade(scheme, coordinator):
    pathway = make_pathway(scheme, stage=Stage.STARTING, coordinator=coordinator)
    unapproved = make_workplace(make_trade("ROF", police=False))
    with pytest.raises(DomainError) as refused:
        services.update_pathway(
            actor=coordinator, pathway_id=pathway.pk, expected_version=pathway.version, data={"workplace": unapproved}
        )
    assert refused.value.field == "workplace"
    assert Pathway.objects.get(pk=pathway.pk).workplace is None


def test_every_transition_names_its_function_and_inputs_the_form_and_function_share():
    import inspect

    from django.utils.module_loading import import_string

    from fagvei.pathways.forms import INPUT_FIELDS

    for transition in TRANSITIONS.values():
        function = import_string(transition.function)
        parameters = inspect.signature(function).parameters
        assert {"actor", "pathway_id", "expected_version"} <= set(parameters), transition.name
        for name in transition.inputs:
            assert name in INPUT_FIELDS, (transition.name, name)
            assert name in parameters, (transition.name, name)
        assert set(transition.optional_inputs) <= set(transition.inputs)
