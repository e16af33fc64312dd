from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "fagvei.calendars"
    label = "calendars"
    verbose_name = _("Calendar feeds")

    def ready(self) -> None:
        from fagvei.core.registry import register_api_router

        from . import events

        events.register()
        # The API's routes (/calendar).
        register_api_router("", "fagvei.calendars.api")
