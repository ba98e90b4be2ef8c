"""Checkout payment step.

Until Stripe is wired in, the only way to pay is a clearly labelled demo method that
exists when DEBUG is on and no Stripe key is set (settings.DEMO_PAYMENTS). Anywhere
else the payment step refuses to place an order rather than give goods away.
"""
from decimal import Decimal

from django.conf import settings
from django.http import Http404
from oscar.apps.checkout import views
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_model

Source = get_model("payment", "Source")
UserAddress = get_model("address", "UserAddress")
SourceType = get_model("payment", "SourceType")

DEMO_SOURCE_NAME = "Demo payment (no money taken)"


class PaymentDetailsView(views.PaymentDetailsView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["demo_payments"] = settings.DEMO_PAYMENTS
        return ctx

    def handle_payment(self, order_number, total, **kwargs):
        if not settings.DEMO_PAYMENTS:
            raise PaymentError("Card payments are not configured on this site yet, so no order was placed.")
        source_type, _ = SourceType.objects.get_or_create(name=DEMO_SOURCE_NAME)
        amount = Decimal(total.incl_tax)
        self.add_payment_source(
            Source(source_type=source_type, currency=total.currency,
                   amount_allocated=amount, amount_debited=amount, reference=f"demo-{order_number}")
        )
        self.add_payment_event("Demo payment", amount, reference=f"demo-{order_number}")


class ShippingAddressView(views.ShippingAddressView):
    """Picking a saved address answers 404 for an address that isn't the shopper's own.

    Oscar looks the address up unguarded, so someone else's id (or a non-number)
    became a server error instead of a clear "not found".
    """

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated and "address_id" in request.POST:
            address_id = request.POST["address_id"]
            if not address_id.isdigit() or not UserAddress._default_manager.filter(
                pk=address_id, user=request.user
            ).exists():
                raise Http404("No such address in your address book.")
        return super().post(request, *args, **kwargs)
