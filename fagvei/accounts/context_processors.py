from typing import Any

from django.http import HttpRequest

from .access import scope_for


def roles(request: HttpRequest) -> dict[str, Any]:
    scope = scope_for(request.user)
    return {"user_scope": scope}
