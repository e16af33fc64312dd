"""Retention (DOMAIN.md "Privacy"; issue 14): a concern closed as resolved is kept for
FAGVEI_CONCERN_RETENTION_DAYS and then emptied by ``manage.py pseudonymise_concerns``,
keeping its steps' dates and the audit trail; one that ended in termination or a
cancellation request is kept with the contract."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fagvei.audit.models import AccessLog, Event
from fagvei.concerns import services
from fagvei.concerns.models import PSEUDONYMISED_TEXT, Concern, ConcernCategory, ConcernNote, Status
from tests.concerns.conftest import (
    TODAY,
    approved_contract,
    reload,
    resolved_days_ago,
    to_follow_up,
)
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_a_resolved_concern_past_the_retention_is_emptied_and_its_trail_kept(pathway, coordinator, settings):
    settings.FAGVEI_CONCERN_RETENTION_DAYS = 30
    old = resolved_days_ago(pathway, coordinator, 40)
    recent = resolved_days_ago(pathway, coordinator, 10)
    client = Client()
    client.force_login(coordinator)
    client.get(reverse("concern_detail", args=[old.pk]))
    events_before = Event.objects.filter(object_id=old.pk, object_type="concerns.concern").count()
    out = StringIO()
    call_command("pseudonymise_concerns", stdout=out)
    assert "1 concern(s)" in out.getvalue()
    old = reload(old)
    assert old.pseudonymised_at is not None
    assert old.description == old.conversation_minutes == old.resolution == PSEUDONYMISED_TEXT
    assert not ConcernCategory.objects.filter(concern=old).exists()
    assert set(ConcernNote.objects.filter(concern=old).values_list("text", flat=True)) == {PSEUDONYMISED_TEXT}
    assert old.conversation_on is not None and old.outcome_on is not None
    # The audit trail stays: the reads, the events, and one more saying what happened.
    assert AccessLog.objects.filter(object_type="concerns.concern", object_id=old.pk).exists()
    assert Event.objects.filter(object_id=old.pk, object_type="concerns.concern").count() == events_before + 1
    assert reload(recent).pseudonymised_at is None
    assert reload(recent).categories.exists()
    # Run again: nothing more to do.
    assert services.pseudonymise_resolved_concerns() == 0


def test_a_ladder_ending_in_a_cancellation_request_is_kept(pathway, coordinator, mentor, settings):
    settings.FAGVEI_CONCERN_RETENTION_DAYS = 1
    concern = to_follow_up(pathway, coordinator, mentor.person)
    approved_contract(pathway, coordinator)
    make_document(pathway, coordinator, kind="signed_agreement", name="skjema.pdf")
    services.close_with_cancellation_request(
        actor=coordinator,
        concern_id=concern.pk,
        expected_version=reload(concern).version,
        requested_by="company",
        ground="serious_breach",
        participant_told_of_right_on=TODAY,
        outcome_on=TODAY,
        justification="Begrunnelse.",
        outcome_minutes="Referat.",
    )
    Concern.objects.filter(pk=concern.pk).update(closed_at=timezone.now() - dt.timedelta(days=400))
    assert services.pseudonymise_resolved_concerns() == 0
    assert reload(concern).status == Status.CANCELLATION_REQUESTED
    assert reload(concern).justification == "Begrunnelse."


def test_the_page_says_the_text_was_emptied(pathway, coordinator, settings):
    settings.FAGVEI_CONCERN_RETENTION_DAYS = 30
    old = resolved_days_ago(pathway, coordinator, 40)
    services.pseudonymise_resolved_concerns()
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("concern_detail", args=[old.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    assert page.status_code == 200
    assert "oppbevaringstiden" in page.content.decode()
