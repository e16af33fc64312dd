"""How the API's events read (registered with ``fagvei.core.registry``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

VERB_LABELS: dict[str, Any] = {
    "api.token_created": _("Access token created"),
    "api.token_revoked": _("Access token revoked"),
}


def register() -> None:
    register_events(VERB_LABELS)
