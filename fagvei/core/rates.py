"""A per-minute request count in the shared cache (the one that holds the login rate
limits, so every worker process counts together)."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone


def wait_seconds(name: str, per_minute: int) -> int | None:
    """Count one request against ``name`` in the current minute. None while the minute
    holds at most ``per_minute`` of them, else the seconds until the next minute."""
    now = timezone.now()
    key = f"rate:{name}:{now:%Y%m%d%H%M}"
    # The count starts at zero once per minute and outlives the minute a little, so
    # that a slow request at its end still finds it.
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        # Evicted between add() and incr(): this request starts the count anew.
        cache.set(key, 1, timeout=120)
        count = 1
    return None if count <= per_minute else 60 - now.second
