"""The documents app's section of the pathway page ("Dokumenter"), registered with
``fagvei.core.registry`` when the app starts: shown to those who may see the documents
(access.py), with upload and delete for those who manage the pathway."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.core.registry import PathwaySection, register_pathway_section

from .access import may_see_documents, visible_documents


def _documents(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    if not may_see_documents(request.user, pathway):
        return None
    return {"documents": list(visible_documents(request.user, pathway))}


def register() -> None:
    # One query: the documents with who uploaded them.
    register_pathway_section(
        PathwaySection("documents", "documents/sections/documents.html", 60, _documents, max_queries=1)
    )
