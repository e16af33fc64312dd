"""A user's calendar feed (issue 12): the secret in the feed's address, of which only a
hash is kept. A user has at most one live feed; a new address revokes the old one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedToken(models.Model):
    """The secret that opens one user's calendar feed. Calendar services fetch the feed
    without logging in, so the secret is the credential: only its SHA-256 digest is
    stored, and the secret itself is shown once, when it is made. A revoked row stays,
    so that the audit events that name it still point at something."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens", verbose_name=_("user")
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    # Written at most once an hour: a calendar service polls, and each poll must not
    # cost a write.
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live feed per user, even when two requests make one at the same moment.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="feed_token_one_live_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"

    @property
    def live(self) -> bool:
        return self.revoked_at is None
