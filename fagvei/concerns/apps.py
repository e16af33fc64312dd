from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "fagvei.concerns"
    label = "concerns"
    verbose_name = _("Concerns")

    def ready(self) -> None:
        # How its events read on the timeline (ids and step codes only).
        from . import events

        events.register()
