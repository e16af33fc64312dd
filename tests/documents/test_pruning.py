"""Files no document keeps are removed by ``manage.py prune_document_files``: one left by
a transaction rolled back around an upload, and one of a deleted document whose removal
did not run. A document's file, a fresh upload and anything not of our making stay."""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import call_command

from fagvei.documents import storage
from tests.documents.conftest import stored_files
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def _age(path, hours=2):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_files_without_a_live_document_are_pruned(coordinator, pathway, _document_root, capsys):
    kept = make_document(pathway, coordinator)
    deleted = make_document(pathway, coordinator)
    from fagvei.documents.services import delete_document

    delete_document(actor=coordinator, document_id=deleted.pk, expected_version=1)  # not committed: file stays
    orphan = storage.new_name()
    (_document_root / orphan).parent.mkdir(parents=True, exist_ok=True)
    (_document_root / orphan).write_bytes(b"%PDF-1.4")
    fresh = storage.new_name()
    (_document_root / fresh).parent.mkdir(parents=True, exist_ok=True)
    (_document_root / fresh).write_bytes(b"%PDF-1.4")
    stranger = _document_root / "README.txt"
    stranger.write_text("not ours")
    for name in (kept.stored_name, deleted.stored_name, orphan):
        _age(_document_root / name)

    call_command("prune_document_files")

    left = {p.relative_to(_document_root).as_posix() for p in stored_files(_document_root)}
    assert left == {kept.stored_name, fresh, "README.txt"}
    assert "2 file(s) removed" in capsys.readouterr().out
