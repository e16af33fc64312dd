from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "fagvei.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        # The API's routes (/deadlines). The rules themselves are registered by the apps
        # that own them (fagvei/core/deadlines.py).
        from fagvei.core.registry import register_api_router

        from . import freshness, panels, sections

        register_api_router("", "fagvei.deadlines.api")
        # "What needs me" on the start page; "Deadlines and risk" on the pathway page.
        panels.register()
        sections.register()
        # The start page's kept answers renewed by the events of the pathways they read.
        freshness.connect()
