from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "fagvei.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # Events on the timeline, and the API's route (/reminders/preference).
        from fagvei.core.registry import register_api_router

        from . import events

        register_api_router("/reminders", "fagvei.reminders.api")
        events.register()
