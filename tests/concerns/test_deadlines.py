"""The concern ladder's deadline rule (fagvei/concerns/deadlines.py): a concern with no
conversation a week after it was registered is due for those who manage the pathway,
never for the people around the participant, and is gone once the conversation is held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fagvei.calendars import services as calendar_services
from fagvei.concerns import plans
from fagvei.concerns.models import Concern
from fagvei.deadlines import engine
from tests.concerns.conftest import agree_plan, call_clarification, hold_conversation, register

pytestmark = pytest.mark.django_db


def _due(user: Any) -> list[Any]:
    return [i for i in engine.for_user(user, limit=100).items if i.rule.code == "concerns.conversation"]


def _registered_days_ago(concern: Concern, days: int) -> None:
    Concern.objects.filter(pk=concern.pk).update(registered_at=timezone.now() - dt.timedelta(days=days))


def test_a_concern_without_a_conversation_is_due_a_week_after_it_was_registered(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    _registered_days_ago(concern, 10)
    [item] = _due(coordinator)
    registered = timezone.localdate(Concern.objects.get(pk=concern.pk).registered_at)
    assert item.due == registered + dt.timedelta(days=7)
    assert item.url == f"/concerns/{concern.pk}/"
    assert item.detail == ""
    # Not for the mentor on the same pathway: they do not know of the concern.
    assert _due(mentor) == []
    # Calendar feeds and e-mails say only that a case waits.
    assert str(item.rule.public_label()) != str(item.rule.label)


def test_the_professional_manager_who_raised_it_is_shown_the_conversation_too(pathway, company, coordinator, manager):
    from fagvei.accounts.models import Role
    from fagvei.pathways.models import PathwayMember
    from tests.factories import make_user

    # seed 004: the company holds the conversation; another professional manager on the
    # same pathway, who did not raise it, does not know of it.
    other = make_user(Role.PROFESSIONAL_MANAGER, company, username="annenleder")
    PathwayMember.objects.create(pathway=pathway, person=other.person, role=Role.PROFESSIONAL_MANAGER)
    raised = register(pathway, manager)
    by_coordinator = register(pathway, coordinator)
    for concern in (raised, by_coordinator):
        _registered_days_ago(concern, 10)
    assert [i.url for i in _due(manager)] == [f"/concerns/{raised.pk}/"]
    assert _due(other) == []
    assert len(_due(coordinator)) == 2


def test_the_conversation_held_takes_it_away(pathway, coordinator):
    concern = register(pathway, coordinator)
    _registered_days_ago(concern, 10)
    hold_conversation(concern, coordinator)
    assert _due(coordinator) == []


# The follow-up plan's goals and next meeting (seed 004) --------------------------------


def _codes(user: Any, code: str) -> list[Any]:
    return [i for i in engine.for_user(user, limit=100).items if i.rule.code == code]


def _plan(pathway: Any, coordinator: Any, responsible: Any, days: int = 10) -> Concern:
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    soon = timezone.localdate() + dt.timedelta(days=days)
    return agree_plan(
        concern,
        coordinator,
        responsible,
        goals=[{"text": "Møte presis hver dag", "deadline": soon, "responsible": responsible}],
        next_meeting_on=soon,
    )


def test_a_goal_is_due_for_the_mentor_responsible_and_the_coordinator(pathway, coordinator, mentor, manager):
    concern = _plan(pathway, coordinator, mentor.person)
    goal = concern.goals.get()
    [mine] = _codes(mentor, "concerns.plan_goal")
    assert mine.due == goal.deadline
    assert mine.responsible_person_id == mentor.person_id
    # The mentor may not open the concern: the item leads to the pathway's page, and says
    # nothing of the goal's text, the categories or the description.
    assert mine.url.startswith(f"/pathways/{pathway.pk}/")
    assert mine.detail == ""
    assert [i.key for i in _codes(coordinator, "concerns.plan_goal")] == [mine.key]
    # Not for another member of the pathway who is not responsible for it.
    assert _codes(manager, "concerns.plan_goal") == []


def test_a_goal_ticked_done_is_no_longer_due(pathway, coordinator, mentor):
    concern = _plan(pathway, coordinator, mentor.person)
    goal = concern.goals.get()
    plans.complete_goal(actor=mentor, goal_id=goal.pk, expected_version=goal.version)
    assert _codes(mentor, "concerns.plan_goal") == []
    assert _codes(coordinator, "concerns.plan_goal") == []


def test_the_next_meeting_is_due_for_those_who_manage_the_pathway_only(pathway, coordinator, mentor):
    concern = _plan(pathway, coordinator, mentor.person)
    [item] = _codes(coordinator, "concerns.next_meeting")
    assert item.due == concern.next_meeting_on
    assert item.url == f"/concerns/{concern.pk}/"
    assert _codes(mentor, "concerns.next_meeting") == []


def test_plan_deadlines_have_neutral_labels_in_feeds_and_e_mails(pathway, coordinator, mentor):
    _plan(pathway, coordinator, mentor.person)
    for code in ("concerns.plan_goal", "concerns.next_meeting"):
        [item] = _codes(coordinator, code)
        public = str(item.rule.public_label()).lower()
        assert public != str(item.rule.label).lower()
        for word in ("plan", "concern", "bekymring", "oppfølgingsplan", "absence", "illness"):
            assert word not in public


def test_the_mentors_calendar_feed_names_no_concern(pathway, coordinator, mentor):
    _plan(pathway, coordinator, mentor.person)
    secret = calendar_services.create_or_regenerate(mentor)[1]
    body = Client().get(f"/calendar/feed/{secret}.ics").content.decode().lower()
    assert "vevent" in body
    for word in ("møte presis", "fravær", "syk", "bekymring", "oppfølgingsplan", "concern", "follow-up plan"):
        assert word not in body, word
