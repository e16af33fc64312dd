"""How the reminders app's events read (codes only: the digest chosen, the weekday)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

VERB_LABELS: dict[str, Any] = {
    "reminders.preference_changed": _("E-mail reminders changed"),
}


def register() -> None:
    register_events(VERB_LABELS)
