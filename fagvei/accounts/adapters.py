from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse

from . import known_devices


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an administrator, never by self-registration.
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # The "key" of the login_failed rate limit: the username, and for a browser that
        # has signed in as that user before, the username on that browser alone.
        key = super()._get_login_attempts_cache_key(request, **credentials)
        device = known_devices.device_id(request, credentials.get("username", ""))
        return f"{key}:device:{device}" if device else key

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        # Called once the login is complete, after the MFA step when there is one.
        response = super().post_login(request, user, **kwargs)
        known_devices.remember(request, response, user.get_username())
        return response
