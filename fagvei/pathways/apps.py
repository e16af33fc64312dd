from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "fagvei.pathways"
    label = "pathways"
    verbose_name = _("Pathways")

    def ready(self) -> None:
        # Pathways widen who sees which people and organisations (fagvei/pathways/access.py).
        from .access import register_scopes

        register_scopes()
