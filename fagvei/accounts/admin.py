"""The administrator's pages for users and their memberships (DOMAIN.md: admin role)."""

from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, TwoFactorMethod, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    raw_id_fields = ["person"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("fagvei", {"fields": ["person"]}))


admin.site.unregister(Authenticator)
admin.site.register(TwoFactorMethod, AuthenticatorAdmin)
