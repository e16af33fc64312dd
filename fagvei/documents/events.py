"""How the documents app's events read on the pathway's timeline (registered with
``fagvei.core.registry`` when the app starts). An event holds the document's id and
kind; the kind is read here in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.core.registry import register_events

from .models import Document

VERB_LABELS: dict[str, Any] = {
    "document.uploaded": _("Document uploaded"),
    "document.deleted": _("Document deleted"),
}


def read_details(data: dict[str, Any]) -> list[str]:
    kind = data.get("kind")
    if kind is None:
        return []
    return [str(dict(Document.Kind.choices).get(kind, kind))]


def register() -> None:
    register_events(VERB_LABELS, read_details)
