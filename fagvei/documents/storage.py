"""Where the files of documents are kept: under FAGVEI_DOCUMENT_ROOT, outside ``static/``,
each under a random name of our own. A name a client sent is never part of a path."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

# "ab/ab12…": a UUID's 32 hex digits, in a folder named by the first two, so that no
# folder holds more than a few thousand files at national scale.
STORED_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}$")


def root() -> Path:
    return Path(settings.FAGVEI_DOCUMENT_ROOT)


def new_name() -> str:
    digits = uuid.uuid4().hex
    return f"{digits[:2]}/{digits}"


def path_of(stored_name: str) -> Path:
    """The file's path. Only names of our own making are accepted: whatever the row says,
    the path stays inside the root."""
    if not STORED_NAME.fullmatch(stored_name):
        raise ValueError("not a stored document name")
    return root() / stored_name


def write(stored_name: str, upload: Any) -> None:
    """Write the upload's content under a new name: created here, never over another file,
    readable by the server's user alone, on the disk before the transaction commits."""
    path = path_of(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    upload.seek(0)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        remove(stored_name)
        raise


def remove(stored_name: str) -> None:
    """Remove a file, if it is there."""
    path_of(stored_name).unlink(missing_ok=True)


def open_file(stored_name: str) -> Any:
    """The file opened for reading, or None when it is not there."""
    try:
        return path_of(stored_name).open("rb")
    except (FileNotFoundError, ValueError):
        return None


def stored_names(*, older_than: float) -> Iterator[str]:
    """The names of our own making under the root whose files were last written before
    the timestamp ``older_than``; anything else there is left alone."""
    base = root()
    if not base.is_dir():
        return
    for folder in sorted(base.iterdir()):
        if not folder.is_dir() or not re.fullmatch(r"[0-9a-f]{2}", folder.name):
            continue
        for path in sorted(folder.iterdir()):
            name = f"{folder.name}/{path.name}"
            if STORED_NAME.fullmatch(name) and path.is_file() and path.stat().st_mtime < older_than:
                yield name
