"""Documents in the API: a pathway's documents (list, upload), one document's facts and its
content, and deleting it. The same access helpers (access.py), form (forms.py) and domain
functions (services.py) as the pages; the content through ``serve_document``, as the
page's download."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, PageLinks, oslo, page_links, valid
from fagvei.api.base import lazy as _
from fagvei.core.lists import BoundedPaginator
from fagvei.pathways.access import get_pathway_for

from . import services
from .access import get_document_for, may_see_documents, serve_document, visible_documents
from .forms import UploadForm
from .models import Document, DocumentKind

router = Router(tags=["documents"])


class Uploader(Schema):
    id: int
    name: str


class DocumentOut(Schema):
    id: int
    pathway_id: int
    kind: DocumentKind
    title: str
    original_name: str = Field(description="The file's name as uploaded (cleaned); the download's name.")
    content_type: str = Field(description="The type read from the content when it was uploaded.")
    size: int = Field(description="In bytes.")
    sha256: str
    uploaded_by: Uploader
    uploaded_at: dt.datetime
    deleted_at: dt.datetime | None = Field(description="Set only in the answer to the DELETE that deleted it.")
    version: int
    content: str = Field(description="The address of the file itself.")
    can_manage: bool


class DocumentPage(PageLinks):
    items: list[DocumentOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1)


class DeleteIn(Schema):
    version: int = Field(description="The version read: an older one is refused with 409.")


def _out(request: HttpRequest, document: Document, can_manage: bool) -> dict[str, Any]:
    return {
        "id": document.pk,
        "pathway_id": document.pathway_id,
        "kind": document.kind,
        "title": document.title,
        "original_name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "uploaded_by": {"id": document.uploaded_by_id, "name": str(document.uploaded_by)},
        "uploaded_at": oslo(document.uploaded_at),
        "deleted_at": oslo(document.deleted_at),
        "version": document.version,
        "content": request.build_absolute_uri(f"/api/v1/documents/{document.pk}/content"),
        "can_manage": can_manage,
    }


@router.get(
    "/pathways/{pathway_id}/documents",
    response={200: DocumentPage, **REFUSALS},
    summary=_("List a pathway's documents"),
    description=_(
        "Newest first, then by id; 25 a page. For those who manage the pathway and for its "
        "participant; anyone else gets 404."
    ),
)
def list_documents(request: HttpRequest, pathway_id: int, query: Query[PageQuery]) -> Any:
    pathway = get_pathway_for(request.user, pathway_id)
    if not may_see_documents(request.user, pathway):
        raise Http404
    paginator = BoundedPaginator(visible_documents(request.user, pathway), settings.PAGE_SIZE)
    page = paginator.get_page(query.page)
    manages = bool(pathway.can_manage)
    return {**page_links(request, page), "items": [_out(request, d, manages) for d in page.object_list]}


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["kind", "file"],
                    "properties": {
                        "kind": {"type": "string", "enum": list(Document.Kind.values)},
                        "title": {"type": "string", "maxLength": 200},
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/pathways/{pathway_id}/documents",
    response={201: DocumentOut, **WRITE_REFUSALS},
    summary=_("Upload a document"),
    description=_(
        "A multipart/form-data body with `kind`, `title` (optional) and `file`. The type is read "
        "from the content: PDF, JPEG, PNG, DOCX or XLSX, within the size limit; anything else is "
        "refused with 422 naming the field. For those who manage the pathway."
    ),
    openapi_extra=UPLOAD_BODY,
)
def upload_document(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    data = valid(UploadForm(request.POST, request.FILES))
    document = services.upload_document(
        actor=request.user, pathway_id=pathway.pk, kind=data["kind"], title=data["title"], upload=data["file"]
    )
    return Status(201, _out(request, document, True))


@router.get(
    "/documents/{document_id}",
    response={200: DocumentOut, **REFUSALS},
    summary=_("One document's facts"),
)
def get_document(request: HttpRequest, document_id: int) -> Any:
    document = get_document_for(request.user, document_id)
    return _out(request, document, bool(document.can_manage))  # type: ignore[attr-defined]


@router.get(
    "/documents/{document_id}/content",
    response=REFUSALS,
    summary=_("Download a document"),
    description=_(
        "The file as an attachment, with the type read from its content. Every download is written to the access log."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The file.",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_content(request: HttpRequest, document_id: int) -> Any:
    document = get_document_for(request.user, document_id)
    return serve_document(request, document, purpose_detail="api: document download")


@router.delete(
    "/documents/{document_id}",
    response={200: DocumentOut, **WRITE_REFUSALS},
    summary=_("Delete a document"),
    description=_(
        "A JSON body with the `version` read. The content is removed; the facts (kind, size, "
        "SHA-256, who and when) are kept for the audit trail. Refused with 422 when another part "
        "of the case holds on to the document (e.g. sent to the county)."
    ),
)
def delete_document(request: HttpRequest, document_id: int, payload: DeleteIn) -> Any:
    document = get_document_for(request.user, document_id, write=True)
    deleted = services.delete_document(actor=request.user, document_id=document.pk, expected_version=payload.version)
    deleted.uploaded_by = document.uploaded_by
    return _out(request, deleted, True)
