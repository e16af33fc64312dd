"""How the absence app's events read on the pathway's timeline. An event holds the
period's id only — never its kind or note (health data): "Fravær registrert"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

VERB_LABELS: dict[str, Any] = {
    "absence.registered": _("Absence registered"),
    "absence.corrected": _("Absence corrected"),
    "absence.deleted": _("Absence deleted"),
}


def register() -> None:
    register_events(VERB_LABELS)
