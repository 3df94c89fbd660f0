from django.contrib import admin

from livsmiljo.network.models import PersonPage, SavedAnswer


class SavedAnswerInline(admin.TabularInline):
    model = SavedAnswer
    extra = 0
    fields = ["field", "text", "meeting", "source", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(PersonPage)
class PersonPageAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "hidden", "updated_at"]
    list_filter = ["hidden"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "role"]
    inlines = [SavedAnswerInline]


@admin.register(SavedAnswer)
class SavedAnswerAdmin(admin.ModelAdmin):
    list_display = ["page", "field", "meeting", "created_at"]
    list_filter = ["field"]
    search_fields = ["text", "page__user__username"]
