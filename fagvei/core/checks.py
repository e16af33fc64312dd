"""System checks of fagvei's own settings, run by ``manage.py`` commands (runserver,
migrate, check) and by the WSGI entry point before it serves anything."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


def secret_key_errors() -> list[Error]:
    """With debug off, the published development key would let anyone forge sessions
    and password-reset links."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "FAGVEI_SECRET_KEY is the development key while FAGVEI_DEBUG is off.",
                hint="Set FAGVEI_SECRET_KEY (or FAGVEI_SECRET_KEY_FILE) to a long random value.",
                id="fagvei.E001",
            )
        ]
    return []


@register()
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return secret_key_errors()
