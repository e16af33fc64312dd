from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "fagvei.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from fagvei.core.registry import register_api_router

        from . import events, follows

        events.register()
        follows.connect()
        register_api_router("/people", "fagvei.people.api")
