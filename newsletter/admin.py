"""Django admin: subscribers, read-mostly. Newsletters are written and sent in /cms/ (wagtail_hooks.py)."""
from django.contrib import admin

from .models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "requested_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    # Consent is the subscriber's to give: staff can't mark anyone subscribed.
    readonly_fields = ["email", "user", "status", "requested_at", "confirmed_at", "unsubscribed_at"]

    def has_add_permission(self, request):
        return False
