"""Checkout: address book, delivery, card payment by Stripe, stock held under row locks.

Placing an order (PaymentDetailsView.handle_payment, then Oscar's order creator) runs in
the request's transaction, one click per basket at a time (commerce/checkout/placed.py):
the basket's stock is checked without locks, the card is charged through a PaymentIntent
with our own idempotency key (commerce/payments/ledger.py), and only then are the stock
rows locked, checked again and allocated while the order is written as Pending, so no
other buyer waits on them while Stripe answers. A declined card or missing stock raises
before any order exists, so Oscar restores the basket and shows the reason; stock lost to
another buyer during the charge gives the payment back. A Stripe that doesn't answer in
time (bounded in stripe_gateway) is a 503 page saying to try again. The order becomes
paid when Stripe's webhook says so, or the reconciliation does: the paid-order path is
written down in commerce/order/emails.py.

A signed-in customer may pay with a card they saved before, or save the new one on
their Stripe Customer (commerce/payments/saved_cards.py); a saved card is looked up by
our id for the signed-in account only and checked at Stripe before it is charged.

The demo payment method exists only with settings.DEMO_PAYMENTS (DEBUG without Stripe
keys); with neither it nor Stripe keys, no order can be placed.
"""
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from oscar.apps.checkout import views
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.apps.payment.exceptions import RedirectRequired, UnableToTakePayment
from oscar.core.loading import get_class, get_model

from basket_reminders.consent import record_guest_choice
from commerce.order.emails import order_paid
from commerce.partner.stock import OutOfStock, check_stock_for, lock_stock_for
from commerce.payments import holds, ledger, saved_cards
from commerce.payments import stripe_gateway as gateway
from commerce.tax.rules import tax_problem
from webhooks import events as webhook_events

from . import placed
from .forms import BillingAddressForm, CardPaymentForm

CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
UserAddress = get_model("address", "UserAddress")
ShippingAddress = get_model("order", "ShippingAddress")

DEMO_SOURCE_NAME = "Demo payment (no money taken)"
CARD_PROCESSOR_DOWN = ("Our card processor did not answer in time, so no order was placed. If your bank shows a "
                       "payment, it will be returned to your card automatically. Please try again in a minute.")
logger = logging.getLogger("commerce.checkout")


def card_payments_enabled():
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


class PaymentDetailsView(views.PaymentDetailsView):
    _payment = None

    def dispatch(self, request, *args, **kwargs):
        # Before Oscar's checks: a click for a basket that is already an order would
        # otherwise be told the (new) basket is empty.
        if request.method == "POST" and request.POST.get("action") == "place_order":
            order = placed.placed_order_for_click(request)
            if order is not None:
                self.checkout_session = CheckoutSessionData(request)
                return self.show_placed_order(order)
        return super().dispatch(request, *args, **kwargs)

    def submit(self, **submission):
        placed.lock_basket(submission["basket"])
        order = placed.order_of(submission["basket"].pk)
        if order is not None:
            return self.show_placed_order(order)
        return super().submit(**submission)

    def show_placed_order(self, order):
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.pk
        messages.info(self.request, placed.ALREADY_PLACED)
        return HttpResponseRedirect(reverse("checkout:thank-you"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["card_payments"] = card_payments_enabled()
        ctx["demo_payments"] = settings.DEMO_PAYMENTS and not ctx["card_payments"]
        ctx["stripe_publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY
        ctx["stripe_js_url"] = settings.STRIPE_JS_URL
        total = ctx.get("order_total")
        if total is not None:  # what Stripe's Payment Element shows and checks the card against
            ctx["payment_amount_minor"] = gateway.to_minor(total.incl_tax)
            ctx["payment_currency"] = total.currency.lower()
        ctx.setdefault("payment_form", CardPaymentForm(user=self.request.user, initial={
            "billing_same_as_shipping": self.checkout_session.is_billing_address_same_as_shipping()
            or not self.checkout_session.new_billing_address_fields()}))
        ctx["chosen_saved_card"] = saved_cards.cards_of(self.request.user).filter(
            pk=self.checkout_session._get("payment", "saved_card_id")).first()
        ctx.setdefault("billing_form", BillingAddressForm(prefix="billing",
                                                          initial=self.checkout_session.new_billing_address_fields()))
        return ctx

    def check_payment_data_is_captured(self, request):
        submitting_card = request.method == "POST" and request.POST.get("action") != "place_order"
        captured = self.checkout_session._get("payment", "method_id") or \
            self.checkout_session._get("payment", "saved_card_id")
        if card_payments_enabled() and not submitting_card and not captured:
            raise FailedPreCondition(url=reverse("checkout:payment-details"), message="Please enter your card details.")

    def handle_payment_details_submission(self, request):
        if not card_payments_enabled():
            return self.render_preview(request)
        form = CardPaymentForm(request.POST, user=request.user)
        same = request.POST.get("billing_same_as_shipping") in ("on", "true", "1")
        billing = BillingAddressForm(request.POST, prefix="billing")
        if not form.is_valid() or (not same and not billing.is_valid()):
            response = self.render_payment_details(request, payment_form=form, billing_form=billing)
            response.status_code = 400
            return response
        card = form.cleaned_data.get("saved_card")
        self.checkout_session._set("payment", "method_id", form.cleaned_data["payment_method_id"])
        self.checkout_session._set("payment", "saved_card_id", card.pk if card else None)
        self.checkout_session._set("payment", "save_card", bool(form.cleaned_data.get("save_card")))
        if same:
            self.checkout_session.bill_to_shipping_address()
        else:
            fields = {k: v for k, v in billing.instance.__dict__.items() if not k.startswith("_") and k != "id"}
            self.checkout_session.bill_to_new_address(fields)
        return self.render_preview(request)

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        submission["payment_kwargs"].update(
            payment_method_id=self.checkout_session._get("payment", "method_id"),
            saved_card_id=self.checkout_session._get("payment", "saved_card_id"),
            save_card=self.checkout_session._get("payment", "save_card", False),
        )
        return submission

    def handle_payment(self, order_number, total, payment_method_id=None, saved_card_id=None, save_card=False,
                       **kwargs):
        try:
            check_stock_for(self.request.basket)  # locked only after the card is charged
        except OutOfStock as exc:
            raise UnableToTakePayment(f"{exc} Nothing was charged.") from exc
        amount = Decimal(total.incl_tax)
        if card_payments_enabled():
            return self._take_card_payment(order_number, amount, total.currency, payment_method_id,
                                           saved_card_id, save_card)
        if not settings.DEMO_PAYMENTS:
            raise UnableToTakePayment("Card payments are not configured on this site yet, so no order was placed.")
        source_type, _ = SourceType.objects.get_or_create(name=DEMO_SOURCE_NAME)
        self.add_payment_source(Source(source_type=source_type, currency=total.currency, amount_allocated=amount,
                                       amount_debited=amount, reference=f"demo-{order_number}"))
        self.add_payment_event("Demo payment", amount, reference=f"demo-{order_number}")

    def _take_card_payment(self, order_number, amount, currency, payment_method_id, saved_card_id, save_card):
        """Charge the new card (saved first on the customer if they asked) or their saved one."""
        if not payment_method_id and not saved_card_id:
            raise UnableToTakePayment("Please enter your card details.")
        user = self.request.user
        email = user.email if user.is_authenticated else self.checkout_session.get_guest_email() or ""
        client = holds.client_fingerprint(self.request)
        newly_saved = None
        try:
            holds.check_new_payment_allowed(user=user, email=email, client=client)
            customer_id = ""
            if saved_card_id:
                card = saved_cards.card_to_charge(user, saved_card_id)
                payment_method_id, customer_id = card.payment_method_id, card.stripe_customer_id
            elif save_card and user.is_authenticated:
                newly_saved = saved_cards.save_card(user, payment_method_id)
                customer_id = newly_saved.stripe_customer_id
            self._payment = ledger.start_payment(order_number=order_number, amount=amount, currency=currency,
                                                 payment_method_id=payment_method_id, email=email, client=client,
                                                 customer_id=customer_id)
        except saved_cards.NotYourCard as exc:
            self.checkout_session._unset("payment", "saved_card_id")
            self._refused = True
            raise UnableToTakePayment(str(exc)) from exc
        except holds.TooManyWaiting as exc:
            raise UnableToTakePayment(str(exc)) from exc
        except ledger.AlreadyPlaced as exc:
            raise RedirectRequired(self.show_placed_order(exc.order).url) from exc
        except gateway.PaymentDeclined as exc:
            self.checkout_session._unset("payment", "method_id")
            self._forget_declined(newly_saved)
            raise UnableToTakePayment(f"{exc} Nothing was charged; please try another card.") from exc
        except gateway.GatewayError as exc:
            logger.warning("Stripe did not answer for order %s: %s", order_number, exc)
            self._card_processor_down = True
            raise UnableToTakePayment(CARD_PROCESSOR_DOWN) from exc
        self.add_payment_source(Source(source_type=ledger.card_source_type(), currency=currency,
                                       amount_allocated=amount, reference=self._payment.intent_id))

    def _forget_declined(self, card):
        """A card the bank refused is not kept for next time (Stripe may already hold it attached)."""
        if card is None:
            return
        try:
            saved_cards.remove_card(card)
        except gateway.GatewayError:
            logger.warning("Could not detach declined card %s; deleting our record only", card.payment_method_id)
            card.delete()

    def handle_order_placement(self, order_number, user, basket, *args, **kwargs):
        try:
            with transaction.atomic():
                lock_stock_for(basket)
                return super().handle_order_placement(order_number, user, basket, *args, **kwargs)
        except OutOfStock as exc:
            # Another buyer took the last units while the card was being charged.
            returned = self._give_back()
            raise UnableToPlaceOrder(f"{exc} {returned}") from exc
        except Exception:
            self._give_back()
            raise

    def _give_back(self):
        """Return this attempt's payment (never one that pays for a placed order); what to tell the shopper."""
        if self._payment is None:
            return "Nothing was charged."
        if ledger.return_payment(self._payment):
            return "Your payment has been returned to your card."
        return "Your payment will be returned to your card automatically."

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if getattr(self, "_refused", False):
            response.status_code = 400  # a saved card that isn't the customer's: nothing was charged
        if getattr(self, "_card_processor_down", False):
            response.status_code = 503  # nothing is wrong with what was sent: try again shortly
            response["Retry-After"] = "30"
        return response

    def handle_successful_order(self, order):
        """Oscar's step after the order is written, still in the placement's transaction: the
        order.placed webhook is stored with the order and sent once it commits."""
        webhook_events.order_placed(order)
        return super().handle_successful_order(order)

    def send_order_placed_email(self, order):
        """Oscar's hook after placement: a demo order is paid now; a card order when Stripe says so."""
        if self._payment is None:
            order_paid(order, demo=True, request=self.request)

    def update_address_book(self, user, addr):
        if isinstance(addr, ShippingAddress) and not self.checkout_session._get("shipping", "save_new_address", True):
            return
        super().update_address_book(user, addr)


class IndexView(views.IndexView):
    """Oscar's "who are you?" step; a guest's answer to the basket reminder box is kept with the basket."""

    def form_valid(self, form):
        if form.is_guest_checkout() or form.is_new_account_checkout():
            record_guest_choice(self.request.basket, form.cleaned_data["username"],
                                form.cleaned_data.get("remind_me", False))
        return super().form_valid(form)


class ShippingAddressView(views.ShippingAddressView):
    """Saved addresses (default first) or a new one, saved to the address book if ticked.

    Picking a saved address answers 404 for an address that isn't the shopper's own:
    Oscar looks it up unguarded, so someone else's id became a server error.
    """

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated and "address_id" in request.POST:
            address_id = request.POST["address_id"]
            if not address_id.isdigit() or not UserAddress._default_manager.filter(
                pk=address_id, user=request.user
            ).exists():
                raise Http404("No such address in your address book.")
            self.checkout_session._set("shipping", "save_new_address", True)
            problem = tax_problem(UserAddress._default_manager.get(pk=address_id))
            if problem:
                messages.error(request, problem)
                return HttpResponseRedirect(reverse("checkout:shipping-address"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        problem = tax_problem(form.instance)
        if problem:
            form.add_error("state" if "state" in form.fields else None, problem)
            return self.form_invalid(form)
        self.checkout_session._set("shipping", "save_new_address", "save_to_address_book" in self.request.POST)
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ThankYouView(views.ThankYouView):
    """The confirmation page: the order, its real payment state, 3-D Secure if the bank asks, and
    for guests the offer of an account."""

    def get_context_data(self, *args, **kwargs):
        from commerce.payments.state import payment_state

        from .guest_account import account_form

        ctx = super().get_context_data(*args, **kwargs)
        order = ctx["order"]
        ctx["payment"] = state = payment_state(order)
        if state.code == "requires_action":
            try:
                ctx["stripe_client_secret"] = gateway.retrieve_intent(state.payment.intent_id).client_secret
            except gateway.GatewayError:
                logger.exception("Could not fetch intent %s for 3-D Secure", state.payment.intent_id)
            ctx["stripe_publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY
            ctx["stripe_js_url"] = settings.STRIPE_JS_URL
        if order.user_id is None and order.guest_email and not self.request.user.is_authenticated:
            ctx["account_form"] = account_form(order)
        return ctx
