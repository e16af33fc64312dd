"""Who may see curricula: they are Udir's public data (Grep, NLOD), so every logged-in
user sees all of them. Nobody changes them in the app: ``manage.py import_curriculum``
is the only way in."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fagvei.accounts.access import fetch_for

from .models import Curriculum


def visible_curricula(user: Any) -> QuerySet[Curriculum]:
    qs = Curriculum.objects.select_related("trade")
    return qs if getattr(user, "is_authenticated", False) else qs.none()


def get_curriculum_for(user: Any, curriculum_id: Any) -> Any:
    return fetch_for(visible_curricula(user), curriculum_id, lambda user, curriculum: False, user, False)
