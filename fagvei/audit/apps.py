from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fagvei.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # The timeline and "recently opened by" on the pathway page.
        from . import sections

        sections.register()
