"""Writing audit records. Domain functions call ``record_event`` inside their transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.http import HttpRequest

from fagvei.core import clock

from .models import AccessLog, Event


def record_event(
    verb: str,
    obj: models.Model,
    *,
    actor: Any,
    pathway: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    # The domain's clock: the wall clock, or the demo's replayed moment.
    return Event.objects.create(
        at=clock.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        pathway=pathway,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        data=data or {},
    )


def log_access(
    request: HttpRequest,
    obj: models.Model,
    *,
    purpose: str = AccessLog.Purpose.VIEW,
    detail: str = "",
) -> None:
    """Record that ``request.user`` was shown ``obj``. Never store the data itself."""
    # The path holds only ids (never personal numbers: they are not in any URL). A read
    # through the API with an access token names the token.
    token = getattr(request, "api_token", None)
    log_read(
        request.user, obj, purpose=purpose, detail=detail, path=request.path, token_name=getattr(token, "name", "")
    )


def log_accesses(
    request: HttpRequest,
    objs: Sequence[models.Model],
    *,
    purpose: str = AccessLog.Purpose.VIEW,
    detail: str = "",
) -> None:
    """``log_access`` for several objects shown on one page, in one insert (a page listing
    N special-category rows must not cost N queries)."""
    if not objs:
        return
    token = getattr(request, "api_token", None)
    user: Any = request.user
    at = clock.now()
    AccessLog.objects.bulk_create(
        AccessLog(
            at=at,
            user=user,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            purpose=purpose,
            detail=detail[:200],
            path=request.path[:200],
            token_name=getattr(token, "name", "")[:100],
        )
        for obj in objs
    )


def log_read(
    user: Any, obj: models.Model, *, purpose: str, detail: str = "", path: str = "", token_name: str = ""
) -> None:
    """Record that ``user`` learnt something about ``obj`` outside a page view (e.g. that
    a number they typed belongs to it)."""
    AccessLog.objects.create(
        at=clock.now(),
        user=user,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        purpose=purpose,
        detail=detail[:200],
        path=path[:200],
        token_name=token_name[:100],
    )
