"""The record of who did what (domain events) and who saw what (access log).

Both tables are append-only: database triggers (migration 0002) refuse UPDATE and DELETE,
so not even a bug in our own code can rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """A domain event: one state change, written by the domain function that made it."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(_("event"), max_length=64)
    # The pathway the event belongs to, if any; the timeline is read by this key.
    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["pathway", "-at"], name="event_pathway_at"),
            models.Index(fields=["object_type", "object_id"], name="event_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_type}#{self.object_id}"


class AccessLog(models.Model):
    """An append-only row per read of a person, a pathway or a special-category record."""

    class Purpose(models.TextChoices):
        VIEW = "view", _("Viewed page")
        SENSITIVE = "sensitive", _("Viewed special-category data")
        EXPORT = "export", _("Export")
        LOOKUP = "lookup", _("Matched a looked-up national identity number")

    at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.VIEW)
    detail = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=200, blank=True)
    # The name of the API access token the read was made with, if it was.
    token_name = models.CharField(_("access token"), max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        # The latest reads of an object come from the index in order, "-id" breaking ties.
        indexes = [models.Index(fields=["object_type", "object_id", "-at", "-id"], name="access_object_latest")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.object_type}#{self.object_id}"
