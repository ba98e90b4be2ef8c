"""Oscar's account views, overridden the Oscar way (same class names, found by its class loader,
so Oscar's URLs and links reach them), plus the data download the account app adds (apps.py).

- a changed email address is reported to both addresses;
- deleting the profile erases the person and keeps their orders, anonymised (and deletes
  their Stripe Customer, with the cards they saved);
- setting a default address takes a POST;
- "Download my data" sends the account's data as one JSON file.

What counts as personal data, and how it is erased or exported, is security/'s
(personal_data.HOLDINGS drives account_erasure and data_export): one registry decides
both, and anything else that stores personal data registers there. These views only
turn those answers into pages.
"""
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from oscar.apps.customer import views
from oscar.apps.customer.utils import get_password_reset_url

from commerce.payments.saved_cards import forget_customer
from outbox.outbox import queue_event_email
from security.account_erasure import erase_customer
from security.data_export import customer_data


class ProfileUpdateView(views.ProfileUpdateView):
    def send_email_changed_email(self, old_user, new_email):
        """Warn the old address (it may be the real owner's) and tell the new one, which is now the login."""
        context = {"user": self.request.user, "reset_url": get_password_reset_url(self.request.user),
                   "old_email": old_user.email, "new_email": new_email, "request": self.request}
        queue_event_email(old_user.email, "EMAIL_CHANGED", customer=old_user, **context)
        queue_event_email(new_email, "EMAIL_CHANGED", **context)


class ProfileDeleteView(views.ProfileDeleteView):
    """Oscar's password-confirmed profile deletion, anonymising orders instead of orphaning them."""

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        forget_customer(user)
        erase_customer(user)
        messages.success(self.request, "Your account and personal details have been deleted. "
                                       "Orders stay in our accounts without your name or address.")
        return redirect(self.get_success_url())


class AddressChangeStatusView(views.AddressChangeStatusView):
    """Setting a default address changes data, so it takes a POST with a CSRF token
    (Oscar's view does it on GET, which any page could trigger with an <img> tag)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@never_cache
@require_GET
def download_my_data(request):
    """Everything the shop holds about the signed-in customer, as a JSON attachment."""
    document = json.dumps(customer_data(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="larder-and-loom-my-data-{stamp}.json"'
    return response
