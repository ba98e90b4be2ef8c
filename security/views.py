"""Account pages for the customer's data rights, and Oscar's address-default action made POST-only.

They are mounted in config/urls.py ahead of Oscar's customer URLs (same paths, same
names where they replace Oscar's view), so Oscar's own links and templates reach them.
"""
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from oscar.core.loading import get_class

from .account_erasure import erase_customer
from .data_export import customer_data

ProfileDeleteView = get_class("customer.views", "ProfileDeleteView")
AddressChangeStatusView = get_class("customer.views", "AddressChangeStatusView")
WishListView = get_class("wishlists.views", "WishListView")


@never_cache
@require_GET
@login_required
def download_my_data(request):
    document = json.dumps(customer_data(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="larder-and-loom-my-data-{stamp}.json"'
    return response


@method_decorator(login_required, name="dispatch")
class DeleteAccountView(ProfileDeleteView):
    """Oscar's password-confirmed profile deletion, anonymising orders instead of orphaning them."""

    template_name = "security/delete_account.html"

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        erase_customer(user)
        messages.success(self.request, "Your account and personal details have been deleted. "
                                       "Orders stay in our accounts without your name or address.")
        return redirect(self.get_success_url())


@method_decorator(login_required, name="dispatch")
class SetDefaultAddressView(AddressChangeStatusView):
    """Setting a default address changes data, so it takes a POST with a CSRF token
    (Oscar's view does it on GET, which any page could trigger with an <img> tag)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SharedWishListView(WishListView):
    """Oscar's shared wish-list page, but someone else's private list answers like a missing
    one (404): a 403 would confirm that a guessed key exists."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            raise Http404("No wish list found.") from None
