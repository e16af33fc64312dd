from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fagvei.audit"
    label = "audit"
    verbose_name = "Audit"
