"""The upload, through the page and the API, fuzzed with hypothesis: any kind, description,
file name and content (random bytes, and bytes that start as a PDF, PNG, JPEG, zip or
SVG would) is accepted as one of the allowed types or refused naming its field, never a
server error; a refusal keeps no row and no file."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fagvei.audit.models import Event
from fagvei.documents.models import EXTENSIONS, Document
from tests.api.conftest import ApiClient
from tests.documents.conftest import docx_bytes, image_bytes, pdf_bytes, stored_files
from tests.factories import make_token

pytestmark = pytest.mark.django_db

text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r\n"), max_size=250)
starts = st.sampled_from(
    [b"", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04", b"<svg", b"<!DOCTYPE html>"]
)
contents = st.one_of(
    st.builds(lambda start, rest: start + rest, starts, st.binary(max_size=600)),
    st.sampled_from([pdf_bytes(), image_bytes("PNG"), image_bytes("JPEG"), docx_bytes()]),
    st.builds(lambda good, cut: good[: max(1, len(good) - cut)], st.just(docx_bytes()), st.integers(0, 200)),
)
kinds = st.one_of(st.sampled_from(Document.Kind.values), text)


@pytest.mark.parametrize("door", ["page", "api"])
def test_any_upload_is_kept_whole_or_refused_and_nothing_is_left(door, coordinator, pathway, _document_root):
    api = ApiClient(make_token(coordinator)[1])
    api.client.force_login(coordinator)
    url = f"/pathways/{pathway.pk}/documents/new/" if door == "page" else f"/api/v1/pathways/{pathway.pk}/documents"

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kind=kinds, title=text, name=text, content=contents)
    def check(kind: str, title: str, name: str, content: bytes) -> None:
        before = (Document.objects.count(), Event.objects.count(), stored_files(_document_root))
        file: Any = io.BytesIO(content)
        file.name = name or "fil"
        response = api.client.post(url, {"kind": kind, "title": title, "file": file}, **api.headers)
        if door == "page":
            assert response.status_code in (302, 422), response.status_code
        else:
            assert response.status_code in (201, 422), (response.status_code, response.content[:300])
        if response.status_code == 422:
            assert (Document.objects.count(), Event.objects.count(), stored_files(_document_root)) == before
            if door == "api":
                errors = response.json()["errors"]
                assert errors and all(e["field"] in ("kind", "title", "file") and e["message"] for e in errors)
            return
        document = Document.objects.order_by("-id").first()
        assert document is not None and document.content_type in EXTENSIONS
        assert (_document_root / document.stored_name).read_bytes() == content
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert len(document.original_name) <= 200 and "/" not in document.original_name

    check()
