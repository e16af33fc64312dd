from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "fagvei.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # A section of the pathway page, events on its timeline, and the API's routes
        # (under /pathways/{id}/documents and /documents/{id}: no prefix of their own).
        from fagvei.core.registry import register_api_router

        from . import events, sections

        register_api_router("", "fagvei.documents.api")
        sections.register()
        events.register()
