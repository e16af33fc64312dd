from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import scope_for


def roles(request: HttpRequest) -> dict[str, Any]:
    # An error page for a request refused before the authentication middleware ran (a bad
    # Host header) has no user.
    user = getattr(request, "user", None)
    scope = scope_for(user)
    return {"user_scope": scope, "user_display_name": SimpleLazyObject(lambda: display_name(user))}


def display_name(user: Any) -> str:
    """How the header names the logged-in user. The login backend loads the person with
    the user (fagvei.accounts.backends), so this costs no query of its own."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return str(user.display_name)
