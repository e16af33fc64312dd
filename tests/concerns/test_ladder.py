"""The concern ladder's domain functions: every step allowed, and refused with the
missing item named (seed 004: a step cannot be closed without its minutes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from fagvei.audit.models import Event
from fagvei.concerns import services
from fagvei.concerns.lifecycle import TRANSITIONS
from fagvei.concerns.models import Concern, Party, Status
from fagvei.core.domain import DomainError, StaleObject
from tests.concerns.conftest import (
    NOTICED,
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
from tests.factories import make_document, make_workplace

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The refusals are matched by their English text (the msgids); the pages' tests
    # check them in Norwegian.
    with translation.override("en"):
        yield


# Registering ------------------------------------------------------------------------------


def test_the_koordinator_registers_a_concern_with_its_categories(pathway, coordinator):
    concern = register(pathway, coordinator)
    assert concern.status == Status.REGISTERED
    assert sorted(concern.categories.values_list("category", flat=True)) == ["absence", "illness"]
    assert concern.raised_by == coordinator
    assert concern.noticed_on == NOTICED


def test_the_professional_manager_on_the_pathway_registers_a_concern(pathway, manager):
    assert register(pathway, manager).raised_by == manager


def test_a_mentor_may_not_register_a_concern(pathway, mentor):
    with pytest.raises(DomainError, match="may not register"):
        register(pathway, mentor)
    assert not Concern.objects.exists()


def test_a_concern_needs_a_category(pathway, coordinator):
    with pytest.raises(DomainError) as refused:
        register(pathway, coordinator, categories=[])
    assert refused.value.field == "categories"


def test_a_concern_refuses_a_category_seed_004_does_not_list(pathway, coordinator):
    with pytest.raises(DomainError) as refused:
        register(pathway, coordinator, categories=["absence", "politics"])
    assert refused.value.field == "categories"


def test_a_concern_needs_a_description(pathway, coordinator):
    with pytest.raises(DomainError) as refused:
        register(pathway, coordinator, description="   ")
    assert refused.value.field == "description"


@pytest.mark.parametrize("noticed", [None, TODAY + dt.timedelta(days=1)])
def test_a_concern_needs_a_past_date_it_was_noticed(pathway, coordinator, noticed):
    with pytest.raises(DomainError) as refused:
        register(pathway, coordinator, noticed_on=noticed)
    assert refused.value.field == "noticed_on"


def test_no_concern_on_a_closed_pathway(pathway, coordinator):
    pathway.stage = "ended"
    pathway.end_reason = "other"
    pathway.save()
    with pytest.raises(DomainError, match="closed"):
        register(pathway, coordinator)


def test_the_database_refuses_a_category_twice(pathway, coordinator):
    from fagvei.concerns.models import ConcernCategory

    concern = register(pathway, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConcernCategory.objects.create(concern=concern, category="absence")


# The steps ---------------------------------------------------------------------------------


def test_the_whole_ladder_to_a_resolution_after_follow_up(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    assert concern.status == Status.FOLLOW_UP
    assert concern.county == pathway.workplace.county
    assert concern.goals.get().responsible == mentor.person
    services.resolve_concern(
        actor=coordinator,
        concern_id=concern.pk,
        expected_version=reload(concern).version,
        outcome_on=TODAY,
        resolution="Fraværet er borte.",
        outcome_minutes="Oppfølgingsmøte: målene er nådd.",
    )
    concern = reload(concern)
    assert concern.status == Status.RESOLVED
    assert concern.closed_at is not None


def test_the_company_resolves_the_case_after_the_conversation(pathway, manager):
    concern = register(pathway, manager)
    hold_conversation(concern, manager)
    services.resolve_concern(
        actor=manager,
        concern_id=concern.pk,
        expected_version=reload(concern).version,
        outcome_on=TODAY,
        resolution="Avtalt ny turnus.",
    )
    assert reload(concern).status == Status.RESOLVED


def test_the_conversation_cannot_be_recorded_without_its_minutes(pathway, coordinator):
    concern = register(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        hold_conversation(concern, coordinator, conversation_minutes="")
    assert refused.value.field == "conversation_minutes"
    assert reload(concern).status == Status.REGISTERED


def test_the_conversation_cannot_be_before_the_concern_was_noticed(pathway, coordinator):
    concern = register(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        hold_conversation(concern, coordinator, conversation_on=NOTICED - dt.timedelta(days=1))
    assert refused.value.field == "conversation_on"


def test_a_clarification_meeting_informs_the_county_of_the_workplace(pathway, coordinator):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    concern = call_clarification(concern, coordinator)
    assert concern.status == Status.CLARIFICATION
    assert concern.county_id == pathway.workplace.county_id
    assert concern.county_informed_at is not None


def test_no_clarification_meeting_without_a_county_to_inform(pathway, coordinator, trade):
    workplace = make_workplace(trade, name="Uten fylke")
    workplace.county = None
    workplace.save()
    pathway.workplace = workplace
    pathway.save()
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    with pytest.raises(DomainError, match="county"):
        call_clarification(concern, coordinator)


def test_a_clarification_meeting_cannot_be_called_before_the_conversation(pathway, coordinator):
    concern = register(pathway, coordinator)
    with pytest.raises(DomainError, match="not possible"):
        call_clarification(concern, coordinator)


def test_the_plan_needs_the_meetings_minutes(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    with pytest.raises(DomainError) as refused:
        agree_plan(concern, coordinator, mentor.person, clarification_minutes=" ")
    assert refused.value.field == "clarification_minutes"


def test_the_plan_needs_a_goal(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    with pytest.raises(DomainError) as refused:
        agree_plan(concern, coordinator, mentor.person, goals=[{"text": "", "deadline": None, "responsible": None}])
    assert refused.value.field == "goals"


@pytest.mark.parametrize(
    ("goal", "message"),
    [
        ({"text": "", "deadline": TODAY}, "describe"),
        ({"text": "Mål", "deadline": None}, "deadline"),
        ({"text": "Mål", "deadline": TODAY - dt.timedelta(days=1)}, "past"),
    ],
)
def test_each_goal_is_concrete_with_a_deadline(pathway, coordinator, mentor, goal, message):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    with pytest.raises(DomainError, match=message):
        agree_plan(concern, coordinator, mentor.person, goals=[{**goal, "responsible": mentor.person}])


def test_a_goals_responsible_person_is_on_the_pathway(pathway, coordinator, adviser):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    with pytest.raises(DomainError, match="responsible"):
        agree_plan(concern, coordinator, adviser.person)


def test_the_plan_needs_the_next_meeting(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    with pytest.raises(DomainError) as refused:
        agree_plan(concern, coordinator, mentor.person, next_meeting_on=None)
    assert refused.value.field == "next_meeting_on"


def test_the_follow_up_needs_every_party_to_have_signed(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    agree_plan(concern, coordinator, mentor.person)
    sign_on_paper(concern, coordinator, Party.COMPANY)
    with pytest.raises(DomainError, match="the participant has not confirmed") as refused:
        services.start_follow_up(actor=coordinator, concern_id=concern.pk, expected_version=reload(concern).version)
    assert refused.value.field == "signatures"
    sign_on_paper(concern, coordinator, Party.PARTICIPANT)
    started = services.start_follow_up(
        actor=coordinator, concern_id=concern.pk, expected_version=reload(concern).version
    )
    assert started.status == Status.FOLLOW_UP
    assert started.plan_signed_on == TODAY


def test_a_resolution_after_follow_up_needs_the_closing_minutes(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    with pytest.raises(DomainError) as refused:
        services.resolve_concern(
            actor=coordinator,
            concern_id=concern.pk,
            expected_version=reload(concern).version,
            outcome_on=TODAY,
            resolution="Løst.",
            outcome_minutes="",
        )
    assert refused.value.field == "outcome_minutes"


def test_termination_by_agreement_closes_the_ladder(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="avtale.pdf")
    kwargs = {"actor": coordinator, "concern_id": concern.pk, "expected_version": reload(concern).version}
    with pytest.raises(DomainError) as refused:
        services.close_with_termination(
            **kwargs, outcome_on=TODAY, resolution="", outcome_minutes="Møte.", last_day=TODAY, county_told_on=TODAY
        )
    assert refused.value.field == "resolution"
    services.close_with_termination(
        **kwargs,
        outcome_on=TODAY,
        resolution="Partene er enige om å avslutte.",
        outcome_minutes="Møte.",
        last_day=TODAY + dt.timedelta(days=14),
        county_told_on=TODAY,
    )
    assert reload(concern).status == Status.TERMINATED


def test_a_cancellation_request_must_be_justified(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf")
    kwargs = {
        "actor": coordinator,
        "concern_id": concern.pk,
        "expected_version": reload(concern).version,
        "requested_by": "company",
        "ground": "serious_breach",
        "participant_told_of_right_on": TODAY,
    }
    with pytest.raises(DomainError) as refused:
        services.close_with_cancellation_request(**kwargs, outcome_on=TODAY, justification="", outcome_minutes="M.")
    assert refused.value.field == "justification"
    with pytest.raises(DomainError) as refused:
        services.close_with_cancellation_request(**kwargs, outcome_on=TODAY, justification="B.", outcome_minutes="")
    assert refused.value.field == "outcome_minutes"
    services.close_with_cancellation_request(
        **kwargs, outcome_on=TODAY, justification="Begrunnelse.", outcome_minutes="M."
    )
    assert reload(concern).status == Status.CANCELLATION_REQUESTED


def test_no_termination_or_cancellation_straight_after_the_conversation(pathway, coordinator):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    with pytest.raises(DomainError, match="not possible"):
        services.close_with_termination(
            actor=coordinator,
            concern_id=concern.pk,
            expected_version=reload(concern).version,
            outcome_on=TODAY,
            resolution="x",
            outcome_minutes="y",
            last_day=TODAY,
        )


def test_a_closed_concern_takes_no_more_steps(pathway, manager):
    concern = register(pathway, manager)
    hold_conversation(concern, manager)
    services.resolve_concern(
        actor=manager, concern_id=concern.pk, expected_version=reload(concern).version, outcome_on=TODAY, resolution="x"
    )
    for name, transition in TRANSITIONS.items():
        assert Status.RESOLVED not in transition.sources, name


def test_a_stale_version_is_refused(pathway, coordinator):
    concern = register(pathway, coordinator)
    with pytest.raises(StaleObject):
        services.hold_concern_conversation(
            actor=coordinator,
            concern_id=concern.pk,
            expected_version=concern.version + 1,
            conversation_on=TODAY,
            conversation_minutes="x",
        )


def test_only_those_who_handle_it_take_its_steps(pathway, coordinator, manager, mentor, adviser):
    concern = register(pathway, coordinator)
    for outsider in (mentor, manager, adviser):
        with pytest.raises(DomainError, match="may not change"):
            hold_conversation(concern, outsider)
    # The professional manager who raised a concern handles it.
    own = register(pathway, manager)
    assert hold_conversation(own, manager).status == Status.CONVERSATION_HELD


def test_the_database_refuses_a_conversation_without_minutes(pathway, coordinator):
    concern = register(pathway, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(status=Status.CONVERSATION_HELD, conversation_on=TODAY)


# Events -------------------------------------------------------------------------------------


def test_events_carry_the_concerns_id_and_the_step_only(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    events = list(Event.objects.filter(object_type="concerns.concern").order_by("id"))
    assert [e.verb for e in events] == [
        "concern.registered",
        "concern.meeting_scheduled",
        "concern.conversation_held",
        "concern.clarification_called",
        "concern.meeting_scheduled",
        "concern.plan_agreed",
        "concern.follow_up_started",
    ]
    for event in events:
        assert event.pathway_id == pathway.pk
        assert set(event.data) - {"meeting"} == {"concern", "step"}
        assert event.data["concern"] == concern.pk
        assert "illness" not in str(event.data) and "absence" not in str(event.data)
