"""The domain's clock: what time it is for the domain functions.

The domain functions read the time here, never from ``timezone`` directly: normally it
is the wall clock, ``timezone.now()`` and today's date in the current time zone (Europe/Oslo,
settings.TIME_ZONE). The demo builder replays a fictional past through the same domain
functions, so it freezes the clock at each moment of its plan with ``frozen_at``; nothing
else should. The frozen moment lives in a context variable, so it stays with the thread
(or task) that froze it: other requests served meanwhile see the wall clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_frozen: ContextVar[dt.datetime | None] = ContextVar("fagvei_clock_frozen", default=None)


def now() -> dt.datetime:
    """The current moment (aware)."""
    frozen = _frozen.get()
    return timezone.now() if frozen is None else frozen


def today() -> dt.date:
    """Today's date in the current time zone (Europe/Oslo), the day the day-based rules use."""
    frozen = _frozen.get()
    return timezone.localdate() if frozen is None else timezone.localdate(frozen)


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Let ``now()`` and ``today()`` answer ``moment`` inside the block (the demo builder's)."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)
