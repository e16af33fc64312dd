"""Sending the outbox: each digest once, in words that hold first names, what is due and
links, and nothing more; a reminder claimed by a worker that died is sent when its lease
has run out; the demo's digests go exactly once."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from fagvei.guidance.models import GuidanceEntry
from fagvei.pathways.models import PoliceCertificate
from fagvei.reminders import outbox
from fagvei.reminders.models import Reminder
from fagvei.reminders.planning import plan_digest, plan_digests

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_one_run_plans_and_sends_the_digest_and_a_second_sends_nothing(caseload: Any) -> None:
    assert "1 planned, 1 sent" in _run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["koord@testvik.example"]
    assert "0 planned, 0 sent" in _run()
    assert len(mail.outbox) == 1
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.SENT
    assert reminder.sent_at is not None
    assert reminder.attempts == 1


def test_the_email_holds_first_names_what_is_due_and_links_only(caseload: Any, settings: Any) -> None:
    settings.FAGVEI_BASE_URL = "https://fagvei.testvik.example"
    _run()
    message = mail.outbox[0]
    html = message.alternatives[0].content
    for body in (message.body, html):
        assert "Hei Kari" in body
        assert "Amina" in body and "Bjørn" in body
        # No surnames, not the user's own either, and no special-category words.
        for word in ("Lærlingsdatter", "Baksmosen", "Koordinatorsen", "politiattest", "Politiattest", "police"):
            assert word not in body
        assert "Dokumentasjon før oppstart" in body
        assert "Fristen er passert" in body and "Snart frist" in body
        # The police certificate's line leads to the pathway: its own page names it.
        assert f"https://fagvei.testvik.example/pathways/{caseload['starting'].pk}/\n" in message.body
        assert f"https://fagvei.testvik.example/pathways/{caseload['training'].pk}/guidance/" in body
        assert "https://fagvei.testvik.example/reminders/" in body
        assert "seed" not in body
    assert "politiattest" not in message.subject.lower()
    # Every link goes into fagvei.
    links = re.findall(r"https?://[^\s\"<)]+", message.body)
    assert links and all(link.startswith("https://fagvei.testvik.example/") for link in links)


def test_the_message_id_is_the_reminders_own(caseload: Any, settings: Any) -> None:
    settings.FAGVEI_BASE_URL = "https://fagvei.testvik.example"
    _run()
    reminder = Reminder.objects.get()
    expected = f"<reminder.{reminder.pk}.{reminder.period:%Y%m%d}@fagvei.testvik.example>"
    assert mail.outbox[0].message()["Message-ID"] == expected
    assert mail.outbox[0].message()["Auto-Submitted"] == "auto-generated"


def test_a_passed_deadline_is_told_once_and_one_coming_up_again_the_next_day(caseload: Any) -> None:
    _run()
    assert "Fristen er passert" in mail.outbox[0].body
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        _run()
    assert len(mail.outbox) == 2
    assert "Fristen er passert" not in mail.outbox[1].body
    assert "Amina" in mail.outbox[1].body and "Bjørn" not in mail.outbox[1].body


def test_a_reminder_claimed_by_a_dead_worker_is_sent_when_its_lease_has_run_out(caseload: Any) -> None:
    plan_digests()
    dead = outbox.claim_next("dead-worker")
    assert dead is not None
    # The worker died before sending: within the lease nobody takes it.
    assert outbox.send_due("live-worker", dt.timedelta(minutes=10)) == 0
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        assert outbox.send_due("live-worker", dt.timedelta(minutes=10)) == 1
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.claimed_by, reminder.attempts) == (Reminder.Status.SENT, "live-worker", 2)
    assert len(mail.outbox) == 1


def test_two_workers_never_claim_the_same_reminder(caseload: Any) -> None:
    plan_digests()
    assert outbox.claim_next("one") is not None
    assert outbox.claim_next("two") is None


class Refusing(BaseEmailBackend):
    """An e-mail backend whose server refuses every message (Django's base backend opens
    and closes nothing)."""

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("smtp.example refused koord@testvik.example")


def test_a_failed_send_is_tried_again_after_the_lease_and_given_up_at_last(
    caseload: Any, settings: Any, caplog: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.reminders.test_sending.Refusing"
    plan_digests()
    lease = dt.timedelta(minutes=10)
    assert outbox.send_due("w", lease) == 0
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts, reminder.last_error) == ("claimed", 1, "ConnectionRefusedError")
    # The log names the row and the error's type, never the address.
    assert f"reminder {reminder.pk}" in caplog.text
    assert "koord@" not in caplog.text
    for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=11 * attempt)):
            outbox.send_due("w", lease)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Reminder.Status.FAILED, outbox.MAX_ATTEMPTS)


def test_a_digest_whose_deadlines_were_all_met_meanwhile_is_not_sent(caseload: Any) -> None:
    plan_digests()
    # Before the worker came round, the certificate was checked and guidance given.
    today, user = timezone.localdate(), caseload["user"]
    PoliceCertificate.objects.create(pathway=caseload["starting"], issued_on=today, checked_on=today, checked_by=user)
    GuidanceEntry.objects.create(
        pathway=caseload["training"], given_on=today, note="", author=user, created_at=timezone.now()
    )
    assert outbox.send_due("w") == 0
    assert mail.outbox == []
    assert Reminder.objects.get().status == Reminder.Status.SKIPPED


def test_the_send_is_logged_by_the_rows_id_only(caseload: Any, caplog: Any) -> None:
    caplog.set_level("INFO", logger="fagvei.reminders")
    reminder = plan_digest(caseload["user"])
    assert reminder is not None
    outbox.send_due("w")
    assert f"reminder {reminder.pk} sent" in caplog.text
    for word in ("Kari", "Amina", "koord@"):
        assert word not in caplog.text


def test_the_demos_digests_are_sent_exactly_once() -> None:
    from fagvei.demo import load_demo

    load_demo()
    first = _run()
    sent = len(mail.outbox)
    assert sent > 0
    assert f"{sent} planned, {sent} sent" in first
    assert "0 planned, 0 sent" in _run()
    assert len(mail.outbox) == sent
    assert len({m.message()["Message-ID"] for m in mail.outbox}) == sent
    assert not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()
    for message in mail.outbox:
        assert "politiattest" not in message.body.lower()
