from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from livsmiljo.organisations.models import AuditEntry, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Livsmiljö", {"fields": ["organisation"]}))
    list_display = ["username", "organisation", "is_staff"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "user", "object_type", "object_id"]
