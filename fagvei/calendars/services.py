"""Making, revoking and using a user's calendar feed (issue 12).

The secret is 43 random URL-safe characters (256 bits) from ``secrets``. Only its
SHA-256 digest is stored: a secret of that strength needs no slow hash, and the digest
is found through its unique index. Each feed is held to ``REQUESTS_PER_MINUTE``, counted
in the shared cache (the one that holds the login rate limits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import lock
from fagvei.core.rates import wait_seconds

from .models import FeedToken

# The last use is written at most this often per feed.
LAST_USED_EVERY = dt.timedelta(hours=1)
# A calendar service polls a feed every quarter of an hour at the most; a few devices
# of one user subscribing to the same address stay far below this.
REQUESTS_PER_MINUTE = 30


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def live_feed(user: Any) -> FeedToken | None:
    """The user's live feed, or None."""
    return FeedToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()


def create_or_regenerate(user: Any) -> tuple[FeedToken, str]:
    """A new feed address for ``user``; the old one, if any, stops working at once.
    Returns the new row and its secret, which is not kept and cannot be shown again."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        # The user's row is the lock: two requests at once make one feed after the
        # other, and the second revokes the first (the constraint is the last guard).
        lock(get_user_model(), user.pk)
        now = clock.now()
        old = FeedToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()
        if old is not None:
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
        token = FeedToken.objects.create(user_id=user.pk, digest=digest(secret), created_at=now)
        record_event("calendar.feed_created", token, actor=user, data={"replaces": old.pk if old is not None else None})
    return token, secret


def revoke(user: Any) -> bool:
    """Turn the user's feed off. False when there was none to turn off."""
    with transaction.atomic():
        lock(get_user_model(), user.pk)
        token = FeedToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()
        if token is None:
            return False
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record_event("calendar.feed_revoked", token, actor=user)
    return True


def note_use(token: FeedToken) -> None:
    """Remember when the feed was last fetched, at most once per ``LAST_USED_EVERY``."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    FeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def over_rate(token: FeedToken) -> int | None:
    """None while the feed is within its requests per minute, else the seconds to wait."""
    return wait_seconds(f"calendar-feed:{token.pk}", REQUESTS_PER_MINUTE)
