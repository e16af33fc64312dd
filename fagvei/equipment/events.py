"""How the equipment app's events read on the timeline (ids only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

VERB_LABELS: dict[str, Any] = {
    "loan.lent": _("Equipment lent"),
    "loan.returned": _("Equipment returned"),
}


def register() -> None:
    register_events(VERB_LABELS)
