from django.contrib import admin

from .models import ConsentRecord, ErasureRequest


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "purpose",
        "policy_version",
        "given_at",
        "given_by_guardian",
        "recorded_by",
        "withdrawn_at",
    ]
    list_filter = ["purpose", "policy_version", "given_by_guardian"]
    raw_id_fields = ["user", "recorded_by"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "due_at", "processed_at"]
    list_filter = ["status"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False
