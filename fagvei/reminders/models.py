"""E-mail reminders (issue 12): each user's choice of digest, and the outbox the worker
sends from (``manage.py send_reminders``).

The outbox is derived from the deadlines (fagvei/deadlines/engine.py): the planner writes
one row per user and digest day, the worker claims a row, sends it and marks it sent.
A row holds codes, keys, dates and ids only; the names in the e-mail are read when it
is sent, and never kept here (DOMAIN.md, "Privacy")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """A user's choice; a user without a row has the defaults below."""

    class Digest(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NONE = "none", _("No e-mail reminders")

    class Weekday(models.IntegerChoices):
        # Python's weekday numbers (date.weekday()): Monday is 0.
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference", verbose_name=_("user")
    )
    # Daily by default: a coordinator expects to hear of a deadline without having asked,
    # and a user with nothing due is sent nothing (the planner skips them).
    digest = models.CharField(_("e-mail reminders"), max_length=10, choices=Digest.choices, default=Digest.DAILY)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, default=Weekday.MONDAY)
    changed_at = models.DateTimeField(_("changed"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest__in=["daily", "weekly", "none"]), name="preference_digest"
            ),
            models.CheckConstraint(condition=models.Q(weekday__gte=0, weekday__lte=6), name="preference_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"


class Reminder(models.Model):
    """One e-mail to send: a user's digest for one day."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        # Nothing left to tell when it was to be sent (every deadline in it done, or the
        # user without an address): no e-mail went.
        SKIPPED = "skipped", _("Nothing to send")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DIGEST)
    # The day (Europe/Oslo) the digest is for: with the user and the kind, what makes a
    # reminder the same one however often it is planned.
    period = models.DateField(_("period"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    planned_at = models.DateTimeField(_("planned"))
    # The worker that claimed it, and when: a claim older than the lease is a dead worker's.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The error's type only: an SMTP error's text may hold the address.
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # {"soon": [item, …], "missed": [item, …]}, each item {"rule": code, "key": key,
    # "due": "YYYY-MM-DD", "pathway": id or None, "url": path}: codes and ids, no text.
    payload = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            # Two planners at once cannot plan the same digest twice.
            models.UniqueConstraint(fields=["user", "kind", "period"], name="reminder_once_per_period"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "claimed", "sent", "skipped", "failed"]),
                name="reminder_status",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False), name="reminder_sent_has_time"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="reminder_status_claimed")]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} ({self.user_id})"


class MissedNotice(models.Model):
    """A missed deadline the user has been told of, by the item's key: a missed deadline
    is in one digest only ("Fristen er passert"), not in every one after it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="missed_notices")

    class Meta:
        verbose_name = _("missed deadline told of")
        verbose_name_plural = _("missed deadlines told of")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="missed_notice_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
