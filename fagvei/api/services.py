"""Making, revoking and checking personal access tokens.

A token's secret is ``fagvei_`` and 43 random characters (256 bits). Only its SHA-256
digest is stored: a secret of that strength needs no slow hash, and the digest is looked
up by its unique index. Each token is held to ``FAGVEI_API_RATE_PER_MINUTE`` requests a
minute, counted in the shared cache (the same one that holds the login rate limits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, lock

from .models import AccessToken

SECRET_PREFIX = "fagvei_"  # noqa: S105 - the visible start of every token, not a secret
# A token lives at most a year and a day; the form offers shorter.
MAX_DAYS = 366
# The last use is written at most this often per token, not on every request.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, actor: Any, name: str, expires_on: dt.date) -> tuple[AccessToken, str]:
    """A new token for ``actor`` itself, valid to the end of ``expires_on`` (Oslo time).
    Returns the token and its secret, which is not kept and cannot be shown again."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    now = clock.now()
    today = timezone.localdate(now)
    if expires_on <= today:
        raise DomainError(_("The expiry date must be after today."), field="expires_on")
    if expires_on > today + dt.timedelta(days=MAX_DAYS):
        raise DomainError(_("A token can be valid for at most %(days)s days.") % {"days": MAX_DAYS}, field="expires_on")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    ends = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
    with transaction.atomic():
        token = AccessToken.objects.create(
            user=actor,
            name=name[:100],
            prefix=secret[: len(SECRET_PREFIX) + 4],
            digest=_digest(secret),
            created_at=now,
            expires_at=ends,
        )
        record_event("api.token_created", token, actor=actor, data={"expires_on": expires_on.isoformat()})
    return token, secret


def revoke_token(*, actor: Any, token_id: int) -> AccessToken:
    """Revoke one of the actor's own tokens (another user's is not found)."""
    with transaction.atomic():
        try:
            token = lock(AccessToken, token_id)
        except AccessToken.DoesNotExist:
            raise DomainError(_("There is no such token.")) from None
        if token.user_id != actor.pk:
            raise DomainError(_("There is no such token."))
        if token.revoked_at is not None:
            return token
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record_event("api.token_revoked", token, actor=actor)
    return token


class TokenRefused(Exception):
    """The secret is not a token that may be used now; ``message`` says why, in words
    that tell nothing about other users' tokens."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def token_for(secret: str) -> AccessToken:
    """The token with this secret, with its user, if it may be used now."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        raise TokenRefused(_("The access token is not valid."))
    token = AccessToken.objects.select_related("user").filter(digest=_digest(secret)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        raise TokenRefused(_("The access token is not valid."))
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenRefused(_("The access token has expired. Make a new one under your account."))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def over_rate(token: AccessToken) -> int | None:
    """None while the token is within its requests per minute, else the seconds until
    the next minute starts."""
    now = timezone.now()
    key = f"api-rate:{token.pk}:{now:%Y%m%d%H%M}"
    # add() creates the count for this minute (and keeps it two minutes); incr() counts.
    cache.add(key, 0, timeout=120)
    try:
        used = cache.incr(key)
    except ValueError:  # pushed out of the cache between the two calls: start again
        cache.set(key, 1, timeout=120)
        used = 1
    if used > settings.FAGVEI_API_RATE_PER_MINUTE:
        return 60 - now.second
    return None
