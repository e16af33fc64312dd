"""Document pages. Thin: fetch and authorise, parse, call one domain function, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fagvei.core.forms import submit
from fagvei.pathways.access import get_pathway_for

from . import services
from .access import get_document_for, serve_document
from .forms import DeleteForm, UploadForm
from .models import Document


def _next_or(request: HttpRequest, default: str) -> str:
    """Where to go after the upload: ``next`` when it is a path on this site (never
    another host, scheme or a protocol-relative "//host"), else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, allowed_hosts=set(), require_https=False)
    ):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_pathway_for(request.user, pk, write=True)
    kind = request.GET.get("kind", "")
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": kind if kind in Document.Kind.values else ""},
    )
    uploaded = submit(
        request,
        form,
        lambda data: services.upload_document(
            actor=request.user, pathway_id=pathway.pk, kind=data["kind"], title=data["title"], upload=data["file"]
        ),
    )
    back = reverse("pathway_detail", args=[pathway.pk])
    if uploaded:
        messages.success(request, _("The document has been uploaded."))
        return redirect(_next_or(request, back))
    context: dict[str, Any] = {"form": form, "pathway": pathway, "next": _next_or(request, ""), "back": back}
    return render(request, "documents/upload.html", context, status=422 if request.method == "POST" else 200)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_document_for(request.user, pk)
    return serve_document(request, document, purpose_detail="document download")


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes, with the version the page showed."""
    document = get_document_for(request.user, pk, write=True)
    form = DeleteForm(request.POST or None, initial={"version": document.version})
    deleted = submit(
        request,
        form,
        lambda data: services.delete_document(
            actor=request.user, document_id=document.pk, expected_version=data["version"]
        ),
    )
    if deleted:
        messages.success(request, _("The document has been deleted."))
        return redirect("pathway_detail", document.pathway_id)
    return render(
        request,
        "documents/delete.html",
        {"form": form, "document": document, "pathway": document.pathway},
        status=422 if request.method == "POST" else 200,
    )
