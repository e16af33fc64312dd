from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, TradeApproval


class TradeApprovalInline(admin.TabularInline):
    model = TradeApproval
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "org_number", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]
    inlines = [TradeApprovalInline]
