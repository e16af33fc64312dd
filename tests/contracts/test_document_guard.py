"""A document sent to the county is kept while the county has not answered."""

from __future__ import annotations

from typing import Any

import pytest

from fagvei.contracts.models import Submission
from fagvei.core.domain import DomainError
from fagvei.documents.models import Document
from fagvei.documents.services import delete_document
from tests.factories import make_document, make_pathway, make_ready_to_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(scheme: Any, coordinator: Any) -> tuple[Submission, Document, Document]:
    pathway = make_ready_to_start(make_pathway(scheme, stage="starting", coordinator=coordinator), coordinator)
    submission = Submission.objects.get(contract__pathway=pathway, kind="application")
    attached = make_document(pathway, coordinator, kind="cv")
    other = make_document(pathway, coordinator, kind="attest", name="attest.pdf")
    submission.documents.add(attached)
    return submission, attached, other


def test_a_document_awaiting_the_county_cannot_be_deleted(coordinator: Any, sent: Any) -> None:
    submission, attached, other = sent
    with pytest.raises(DomainError):
        delete_document(actor=coordinator, document_id=attached.pk, expected_version=attached.version)
    attached.refresh_from_db()
    assert attached.deleted_at is None
    # A document not sent is deleted as before.
    delete_document(actor=coordinator, document_id=other.pk, expected_version=other.version)
    assert Document.objects.get(pk=other.pk).deleted_at is not None


def test_once_the_county_has_answered_the_document_may_be_deleted(coordinator: Any, sent: Any) -> None:
    submission, attached, _other = sent
    Submission.objects.filter(pk=submission.pk).update(
        state=Submission.State.APPROVED, decided_on=submission.sent_at.date(), decided_by=coordinator
    )
    delete_document(actor=coordinator, document_id=attached.pk, expected_version=attached.version)
    assert Document.objects.get(pk=attached.pk).deleted_at is not None
