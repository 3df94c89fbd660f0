from django.contrib import admin

from livsmiljo.documents.models import Document, IngestionRun


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "year", "page_count", "shared"]
    list_filter = ["kind", "organisation", "shared"]


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "organisation", "status", "progress", "created_at"]
