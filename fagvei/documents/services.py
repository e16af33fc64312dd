"""Domain functions for documents: upload and delete, each atomic, row-locked and audited.

Events carry the document's id and kind, never its title or file name (ARCHITECTURE.md:
events carry no free text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, lock, validate
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import Pathway

from . import storage
from .models import Document
from .uploads import check_upload

# Guards other apps register: given a document about to be deleted, a message in the
# user's language saying why it may not be (e.g. it was sent to the county in an
# application), or None.
DocumentGuard = Callable[[Document], str | None]
_GUARDS: list[DocumentGuard] = []


def register_document_guard(guard: DocumentGuard) -> None:
    """Called from an app's ``AppConfig.ready``; registering the same guard twice keeps one."""
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def _managed_pathway(actor: Any, pathway_id: int) -> Pathway:
    """The pathway locked, if the actor manages it as it is now (the view has already
    authorised; this guards callers outside views, and a change since)."""
    pathway: Pathway = lock(Pathway, pathway_id)
    if not can_manage_pathway(actor, pathway):
        raise DomainError(_("You may not change this pathway's documents."))
    return pathway


def upload_document(*, actor: Any, pathway_id: int, kind: str, title: str, upload: Any) -> Document:
    """Keep an uploaded file on the pathway. The file is checked first (uploads.py: type
    from the content, size, scripts, zip bombs); refused, nothing is kept. Accepted, it is
    written under a new random name, then its row and event in the same transaction; if
    anything in the transaction fails, the written file is removed again."""
    checked = check_upload(upload)
    stored_name = storage.new_name()
    try:
        with transaction.atomic():
            pathway = _managed_pathway(actor, pathway_id)
            document = Document(
                pathway=pathway,
                kind=kind,
                title=(title or "").strip(),
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                stored_name=stored_name,
                uploaded_by=actor,
                uploaded_at=clock.now(),
            )
            validate(document, exclude=["pathway", "uploaded_by"])
            storage.write(stored_name, upload)
            document.save()
            record_event(
                "document.uploaded",
                document,
                actor=actor,
                pathway=pathway,
                data={"kind": document.kind, "document": document.pk},
            )
    except BaseException:
        # The row is not kept, so neither is the file. (A rollback of a transaction
        # around this one cannot be seen from here: such a file is left without a row,
        # never a row without its file, and ``prune_files`` removes it later.)
        storage.remove(stored_name)
        raise
    return document


def delete_document(*, actor: Any, document_id: int, expected_version: int) -> Document:
    """Delete a document's content (personal data) and keep its row: kind, size, SHA-256,
    who uploaded and who deleted it and when, the audit trail. Refused when the version
    read is not the stored one, or when a guard of another app says no; the file is
    removed from the disk once the deletion is committed."""
    with transaction.atomic():
        document: Document = lock(Document, document_id, expected_version=expected_version)
        if document.deleted_at is not None:
            raise DomainError(_("The document has already been deleted."))
        pathway = _managed_pathway(actor, document.pathway_id)
        for guard in _GUARDS:
            refusal = guard(document)
            if refusal:
                raise DomainError(refusal)
        document.deleted_at = clock.now()
        document.deleted_by = actor
        document.version += 1
        document.save(update_fields=["deleted_at", "deleted_by", "version"])
        record_event(
            "document.deleted",
            document,
            actor=actor,
            pathway=pathway,
            data={"kind": document.kind, "document": document.pk},
        )
        stored_name = document.stored_name
        transaction.on_commit(lambda: storage.remove(stored_name))
    return document


def prune_files(*, older_than: dt.timedelta) -> int:
    """Remove the files under FAGVEI_DOCUMENT_ROOT that no document keeps, written more
    than ``older_than`` ago: a file written by ``upload_document`` inside a transaction of
    the caller's that was then rolled back, or the file of a deleted document whose
    removal after the commit did not run (the process died). Files of uploads still in
    their transaction are younger than any sensible ``older_than``. Returns how many."""
    cutoff = (clock.now() - older_than).timestamp()
    removed = 0
    for batch in _batches(storage.stored_names(older_than=cutoff), 500):
        kept = set(
            Document.objects.filter(stored_name__in=batch, deleted_at__isnull=True).values_list(
                "stored_name", flat=True
            )
        )
        for name in batch:
            if name not in kept:
                storage.remove(name)
                removed += 1
    return removed


def _batches(names: Any, size: int) -> Any:
    batch: list[str] = []
    for name in names:
        batch.append(name)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
