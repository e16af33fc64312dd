"""The concern ladder's deadline rule (fagvei/concerns/deadlines.py): a concern with no
conversation a week after it was registered is due for those who manage the pathway,
never for the people around the participant, and is gone once the conversation is held."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fagvei.concerns.models import Concern
from fagvei.deadlines import engine
from tests.concerns.conftest import hold_conversation, register

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


def test_the_conversation_held_takes_it_away(pathway, coordinator):
    concern = register(pathway, coordinator)
    _registered_days_ago(concern, 10)
    hold_conversation(concern, coordinator)
    assert _due(coordinator) == []
