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
        # Handed over now, not after the request commits, so this response can say which the
        # broker refused; those are back to draft (send_newsletter's broker-down policy).
        started = [newsletter for newsletter in drafts if send_newsletter.queue_now(newsletter.pk)]
        skipped = queryset.count() - len(drafts)
        if started:
            self.message_user(request, f"Sending {len(started)} newsletter(s) to confirmed subscribers in batches.")
        if len(started) < len(drafts):
            self.message_user(request, f"{len(drafts) - len(started)} newsletter(s) could not be handed to the task "
                                       "queue and are back to draft: nothing was sent. Try again in a moment.",
                              level=messages.ERROR)
        if skipped:
            self.message_user(request, f"{skipped} newsletter(s) were already sent or sending and were left alone.",
                              level=messages.WARNING)
