"""How the calendar feed's events read (registered with ``fagvei.core.registry``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

VERB_LABELS: dict[str, Any] = {
    "calendar.feed_created": _("Calendar feed address made"),
    "calendar.feed_revoked": _("Calendar feed turned off"),
}


def register() -> None:
    register_events(VERB_LABELS)
