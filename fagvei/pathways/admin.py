from django.contrib import admin

from .models import Group, GroupMember, Scheme


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
