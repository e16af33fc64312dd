"""Browsers a user has signed in from before (OWASP's "device cookies").

A limit on failed logins per username alone lets anyone lock a user out: a few wrong
passwords for their username every few minutes, from anywhere. A browser that has signed
in as a user carries a signed cookie naming that username; its failed logins are counted
apart from everyone else's (username + this browser). Wrong passwords from elsewhere then
slow guessing at the account without shutting its owner out of the browsers they use.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase

COOKIE = "fagvei_device"
SALT = "fagvei.accounts.known_devices"
MAX_AGE_SECONDS = 180 * 24 * 3600
MAX_USERNAMES = 10  # a shared office computer


def _read(request: HttpRequest) -> dict[str, Any] | None:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not (isinstance(data, dict) and isinstance(data.get("id"), str) and isinstance(data.get("logins"), list)):
        return None
    return data


def device_id(request: HttpRequest, login: str) -> str | None:
    """This browser's id when it has signed in as ``login`` before, else None."""
    data = _read(request)
    if data is not None and login.lower() in data["logins"]:
        return data["id"]
    return None


def remember(request: HttpRequest, response: HttpResponseBase, login: str) -> None:
    """Mark this browser as one ``login`` signs in from."""
    data = _read(request) or {"id": secrets.token_hex(16), "logins": []}
    login = login.lower()
    logins = [login, *(known for known in data["logins"] if known != login)][:MAX_USERNAMES]
    response.set_cookie(
        COOKIE,
        signing.dumps({"id": data["id"], "logins": logins}, salt=SALT),
        max_age=MAX_AGE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
