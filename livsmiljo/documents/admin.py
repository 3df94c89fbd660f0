from django.contrib import admin

from livsmiljo.documents.models import Document, IngestionFile, IngestionRun


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "year", "page_count", "shared"]
    list_filter = ["kind", "organisation", "shared"]
    search_fields = ["title", "file_name"]


class IngestionFileInline(admin.TabularInline):
    model = IngestionFile
    fields = ["file_name", "status", "error", "document"]
    readonly_fields = ["file_name", "status", "error", "document"]
    extra = 0
    can_delete = False


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "organisation", "status", "progress", "created_at"]
    list_filter = ["status"]
    inlines = [IngestionFileInline]
