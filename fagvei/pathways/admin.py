from typing import Any

from django.contrib import admin

from .models import Group, GroupMember, Pathway, Scheme


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    raw_id_fields = ["person", "organisation"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "trade", "organisation", "active"]
    list_filter = ["active", "trade"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "kind", "meeting_interval_days"]
    inlines = [GroupMemberInline]


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    """Read-only: a pathway changes only through its domain functions (the pathway page).
    The administrator may look pathways up here; the benchmark measures this changelist
    as the peer fagvei's own list must beat (QUALITY.md)."""

    list_display = ["participant", "trade", "stage", "scheme", "workplace", "updated_at"]
    list_filter = ["stage", "track", "trade"]
    list_select_related = ["participant", "trade", "scheme", "workplace"]
    search_fields = ["participant__first_name", "participant__last_name"]
    show_full_result_count = False

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
