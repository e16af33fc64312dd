"""Sending from the outbox: claim one reminder, send it, mark it sent (issue 12).

Learnt from healthchecks' ``sendalerts``, whose one flaw is marking a row done before
sending it: a worker killed in between loses the message. Here each step is its own
committed transaction, in this order:

1. **claim**: a reminder pending, or claimed by a worker whose lease has run out, is
   marked claimed by this worker (``select_for_update(skip_locked=True)`` on PostgreSQL,
   so workers pass each other by; on SQLite the write transaction locks the database,
   and the UPDATE checks the row is still claimable either way);
2. **send** through Django's e-mail backend;
3. **mark sent**, one UPDATE straight after the send.

A worker killed before or during the send leaves its claim; when the lease
(``FAGVEI_REMINDER_LEASE_SECONDS``) has passed, the next worker sends the reminder: none
is lost. A worker killed after the mail server took the message and before the UPDATE
commits (the time of one local UPDATE) leaves a reminder that is sent again after the
lease: that window cannot be closed without the mail server taking part in our
transaction, so delivery is at least once, and twice only in that window. The second
copy carries the same Message-ID (``emails.message_id``), by which a mail client or
server can recognise it. The lease must outlast the slowest send (settings.py keeps it
above twice ``EMAIL_TIMEOUT``), or a slow send is taken for a dead one.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet

from fagvei.core import clock

from .emails import build_message
from .models import Reminder

logger = logging.getLogger(__name__)

# A reminder whose sending has failed (or killed its worker) this many times is given
# up as failed: one that cannot be sent must not hold the queue for ever.
MAX_ATTEMPTS = 5


def worker_token() -> str:
    """A name for this worker, unique among workers (the host, the process, a random part)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def default_lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.FAGVEI_REMINDER_LEASE_SECONDS)


def claimable(now: dt.datetime, lease: dt.timedelta) -> QuerySet[Reminder]:
    """Reminders a worker may claim: pending, or claimed by a worker whose lease ran out."""
    expired = Q(status=Reminder.Status.CLAIMED, claimed_at__lt=now - lease)
    return Reminder.objects.filter(Q(status=Reminder.Status.PENDING) | expired, attempts__lt=MAX_ATTEMPTS)


def give_up_stale(lease: dt.timedelta) -> int:
    """Mark failed the reminders whose last allowed attempt's lease has run out."""
    return Reminder.objects.filter(
        status=Reminder.Status.CLAIMED, claimed_at__lt=clock.now() - lease, attempts__gte=MAX_ATTEMPTS
    ).update(status=Reminder.Status.FAILED)


def claim_next(worker: str, lease: dt.timedelta | None = None) -> Reminder | None:
    """Claim the oldest claimable reminder for ``worker``, committed before it returns;
    None when there is none."""
    lease = default_lease() if lease is None else lease
    now = clock.now()
    with transaction.atomic():
        candidates = claimable(now, lease).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            ids = list(candidates.select_for_update(skip_locked=True).values_list("pk", flat=True)[:1])
        else:
            ids = list(candidates.values_list("pk", flat=True)[:5])
        for pk in ids:
            # Still claimable when the UPDATE runs: rowcount 1 means it is ours.
            taken = (
                claimable(now, lease)
                .filter(pk=pk)
                .update(status=Reminder.Status.CLAIMED, claimed_at=now, claimed_by=worker, attempts=F("attempts") + 1)
            )
            if taken:
                return Reminder.objects.select_related("user__person").get(pk=pk)
    return None


def mark_sent(reminder: Reminder) -> None:
    # Whoever claimed it last: the e-mail has gone, and the row must say so.
    Reminder.objects.filter(pk=reminder.pk).exclude(status=Reminder.Status.SENT).update(
        status=Reminder.Status.SENT, sent_at=clock.now(), last_error=""
    )


def mark_skipped(reminder: Reminder) -> None:
    """Nothing to send any more: not tried again."""
    Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.CLAIMED).update(status=Reminder.Status.SKIPPED)


def mark_failed_attempt(reminder: Reminder, worker: str, error: BaseException) -> None:
    """The claim stays: the reminder is tried again when the lease has run out (a pause
    before the next attempt), or given up after ``MAX_ATTEMPTS``."""
    status = Reminder.Status.FAILED if reminder.attempts >= MAX_ATTEMPTS else Reminder.Status.CLAIMED
    Reminder.objects.filter(pk=reminder.pk, claimed_by=worker).update(
        status=status, last_error=type(error).__name__[:100]
    )


SENT, SKIPPED, FAILED = "sent", "skipped", "failed"


def send_one(reminder: Reminder, worker: str, mail_connection: Any = None) -> str:
    """Send a claimed reminder and mark it sent: ``SENT``, ``SKIPPED`` (nothing left to
    tell) or ``FAILED`` (tried again later)."""
    try:
        message = build_message(reminder, mail_connection)
        if message is None:
            mark_skipped(reminder)
            logger.info("reminder %s: nothing to send", reminder.pk)
            return SKIPPED
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure of one e-mail leaves the others to go
        mark_failed_attempt(reminder, worker, exc)
        # The row's id and the error's type only: never a name or an address.
        logger.warning("reminder %s: sending failed (%s)", reminder.pk, type(exc).__name__)
        return FAILED
    # Straight after the send: the only window in which a kill makes a second copy.
    mark_sent(reminder)
    logger.info("reminder %s sent", reminder.pk)
    return SENT


def send_due(worker: str, lease: dt.timedelta | None = None, *, stop: Any = None) -> int:
    """Send every claimable reminder, one claim at a time; the number of e-mails sent.
    ``stop()`` returning True ends the sweep between two reminders."""
    lease = default_lease() if lease is None else lease
    give_up_stale(lease)
    sent = 0
    mail_connection = get_connection()
    try:
        while stop is None or not stop():
            reminder = claim_next(worker, lease)
            if reminder is None:
                break
            outcome = send_one(reminder, worker, mail_connection)
            if outcome == SENT:
                sent += 1
            elif outcome == FAILED:
                # A failed send may leave the mail connection broken: the next one opens anew.
                mail_connection.close()
                mail_connection = get_connection()
    finally:
        mail_connection.close()
    return sent
