"""Who may see and change documents, and the one way a document's content leaves fagvei.

Documents are personal data (DOMAIN.md "Privacy"). They are seen by those who manage the
pathway — its coordinator, the caseworkers of the organisation that runs its scheme, the
training office of its workplace, the administrator — and by the pathway's participant,
whose own data they are (GDPR art. 15). Not by the people around the participant
(mentor, instructor, teachers): need to know. Only those who manage the pathway upload and
delete. Outside that a document is not found (404), the same answer as an id that does
not exist; a participant asking to change one is refused (403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.http import FileResponse, Http404, HttpRequest

from fagvei.accounts.access import fetch_for, scope_for
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.pathways.models import Follow

from . import storage
from .models import Document

# What a list of documents shows of the user who uploaded each (User.__str__ reads the
# person's names when the user has none of their own).
UPLOADER = ("uploaded_by", "uploaded_by__person")


def may_see_documents(user: Any, pathway: Any) -> bool:
    """For a pathway fetched with ``get_pathway_for`` (``can_manage`` set)."""
    if getattr(pathway, "can_manage", False):
        return True
    person_id = scope_for(user).person_id
    return person_id is not None and person_id == pathway.participant_id


def visible_documents(user: Any, pathway: Any) -> QuerySet[Document]:
    """The pathway's documents the user may see, not deleted, newest first; none for a
    user who may not see them. ``pathway`` comes from ``get_pathway_for``."""
    if not may_see_documents(user, pathway):
        return Document.objects.none()
    return (
        Document.objects.filter(pathway_id=pathway.pk, deleted_at__isnull=True)
        .select_related(*UPLOADER)
        .order_by("-uploaded_at", "-id")
    )


def _documents_for(user: Any) -> QuerySet[Document]:
    """Every document the user may see, in one query: through a follow row that manages
    the pathway (the rule of ``get_pathway_for``), or as the pathway's participant."""
    scope = scope_for(user)
    documents = Document.objects.filter(deleted_at__isnull=True).select_related("pathway", *UPLOADER)
    if scope.is_admin:
        return documents
    if not getattr(user, "is_authenticated", False):
        return documents.none()
    manages = Exists(Follow.objects.filter(user_id=user.pk, pathway_id=OuterRef("pathway_id"), manages=True))
    own = Q(pathway__participant_id=scope.person_id) if scope.person_id is not None else Q(pk__in=[])
    if not scope.is_caseworker:
        return documents.filter(own).annotate(follow_manages=Value(False, output_field=BooleanField()))
    return documents.annotate(follow_manages=manages).filter(Q(follow_manages=True) | own)


def get_document_for(user: Any, document_id: Any, *, write: bool = False) -> Document:
    """The document with this id if the user may see it (404 otherwise, and for a deleted
    one: its content is gone), marked with ``can_manage``; 403 when ``write`` is asked
    for by one who may only read it (the participant)."""
    scope = scope_for(user)

    def manages(_user: Any, document: Any) -> bool:
        return scope.is_admin or (bool(document.follow_manages) and scope.is_caseworker)

    document: Document = fetch_for(_documents_for(user), document_id, manages, user, write)
    return document


def serve_document(request: HttpRequest, document: Document, *, purpose_detail: str) -> FileResponse:
    """The document's file as a download, for a request already authorised (by
    ``get_document_for``, or by another app's own rule for a document it holds, e.g. a
    case sent to the county). Writes one access-log row for the read, naming why in
    ``purpose_detail`` (ids and codes, no names). Always an attachment, never shown in
    the browser: the type we read from the content, nosniff, not kept in any cache."""
    if document.deleted_at is not None:
        raise Http404
    opened = storage.open_file(document.stored_name)
    if opened is None:
        raise Http404
    log_access(request, document, purpose=AccessLog.Purpose.EXPORT, detail=purpose_detail)
    # FileResponse writes Content-Disposition with an ASCII name and, for any other name,
    # RFC 5987's filename* in UTF-8; it sets Content-Length from the file.
    response = FileResponse(
        opened, as_attachment=True, filename=document.download_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser ever show it after all, nothing in it may run or load.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
