from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "fagvei.pathways"
    label = "pathways"
    verbose_name = _("Pathways")

    def ready(self) -> None:
        # Pathways widen who sees which people and organisations (fagvei/pathways/access.py),
        # and put their sections on the pathway page and their events on the timeline.
        from fagvei.core.registry import register_api_router

        from . import deadlines, events, follows, sections
        from .access import register_scopes

        register_scopes()
        register_api_router("/pathways", "fagvei.pathways.api")
        follows.connect()
        sections.register()
        events.register()
        # Its deadline rules (fagvei/core/deadlines.py).
        deadlines.register()
