from typing import Any

from django.http import HttpRequest

from .access import scope_for


def roles(request: HttpRequest) -> dict[str, Any]:
    # An error page for a request refused before the authentication middleware ran (a bad
    # Host header) has no user.
    scope = scope_for(getattr(request, "user", None))
    return {"user_scope": scope}
