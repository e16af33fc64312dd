"""Django's login backend, loading the user's person together with the user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends, get_user_model
from django.db.models import QuerySet


class ModelBackend(backends.ModelBackend):
    """Every page names the logged-in user in its header, by their person when the user
    has no name of their own: the person comes in the query that loads the user from the
    session, instead of in a second query on every page. The national identity number
    is left out: no page needs the logged-in user's own."""

    def get_user(self, user_id: Any) -> Any:
        user_model: Any = get_user_model()
        try:
            user = _users().get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id: Any) -> Any:
        user_model: Any = get_user_model()
        try:
            user = await _users().aget(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def _users() -> QuerySet[Any]:
    return get_user_model()._default_manager.select_related("person").defer("person__national_id")
