"""Whose reminders a user sees: their own preference only. There is no id in any address
(``/reminders/``, ``/api/v1/reminders/preference``): nobody can ask for another's."""

from __future__ import annotations

from typing import Any

from .models import Preference


def preference_for(user: Any) -> Preference:
    """The user's preference, or the defaults (unsaved, version 0) when they have not
    chosen yet."""
    found = Preference.objects.filter(user_id=user.pk).first()
    if found is not None:
        return found
    return Preference(user_id=user.pk, version=0)
