"""Django admin: subscribers (read-mostly) and newsletters with a "send" action."""
from django.contrib import admin, messages
from django.db import transaction

from .models import Newsletter, Subscriber
from .tasks import send_newsletter


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "requested_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    # Consent is the subscriber's to give: staff can't mark anyone subscribed.
    readonly_fields = ["email", "user", "status", "requested_at", "confirmed_at", "unsubscribed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "promotion", "status", "recipients", "sent_at", "sent_by"]
    readonly_fields = ["status", "recipients", "sent_at", "sent_by"]
    actions = ["send_to_subscribers"]

    @admin.action(description="Send to confirmed subscribers", permissions=["change"])
    def send_to_subscribers(self, request, queryset):
        with transaction.atomic():
            drafts = list(queryset.select_for_update().filter(status=Newsletter.Status.DRAFT))
            for newsletter in drafts:
                newsletter.status, newsletter.sent_by = Newsletter.Status.SENDING, request.user
                newsletter.save(update_fields=["status", "sent_by"])
                transaction.on_commit(lambda pk=newsletter.pk: send_newsletter.delay(pk))
        skipped = queryset.count() - len(drafts)
        if drafts:
            self.message_user(request, f"Sending {len(drafts)} newsletter(s) to confirmed subscribers in batches.")
        if skipped:
            self.message_user(request, f"{skipped} newsletter(s) were already sent or sending and were left alone.",
                              level=messages.WARNING)
