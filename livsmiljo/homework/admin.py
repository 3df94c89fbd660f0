from django.contrib import admin

from livsmiljo.homework.models import Assignment, Submission


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "kind", "audience", "due_date"]
    list_filter = ["kind", "audience"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "assignment", "organisation", "shared", "created_at"]
    list_filter = ["shared", "organisation"]
    raw_id_fields = ["run", "document", "user"]
