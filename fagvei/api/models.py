"""Personal access tokens for the API (ARCHITECTURE.md: session auth for the browser and
personal bearer tokens for integrations)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    """A personal access token for the API (``Authorization: Bearer …``). It acts with its
    user's access, never more. Only a hash of the secret is kept: the secret is shown
    once, when the token is made. A token is never deleted, only revoked, so that the
    access log can say which token read what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, to tell tokens apart (never enough to use one).
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="token_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
