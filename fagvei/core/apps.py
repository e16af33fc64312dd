from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fagvei.core"
    label = "core"
    verbose_name = _("Shared pieces")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
