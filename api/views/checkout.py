"""Headless checkout: this session's basket becomes an order paid by card, as on /shop/checkout/.

Nothing here prices, taxes or allocates on its own. The address is checked by the web
checkout's address form and tax rule (commerce/tax/rules.py tax_problem), the delivery
methods come from the shipping repository, the total from commerce/order/placing.py
price_basket, and the steps follow commerce/checkout/views.py PaymentDetailsView: the
basket's row lock (one placement per basket), stock checked without locks, the unpaid-order
limits (commerce/payments/holds.py), the card charged through the payment ledger, then the
stock locked, checked again and allocated while place_basket writes the order Pending. The
Stripe webhook marks it paid, as for any card order.

Refusals after the card was charged are answered, not raised: raising would roll back the
request's transaction, and with it the ledger's record of the attempt the reconciliation
relies on to give money back.
"""
import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from commerce.checkout import placed
from commerce.checkout.views import CARD_PROCESSOR_DOWN, card_payments_enabled
from commerce.order.placing import place_basket, price_basket
from commerce.partner.stock import OutOfStock, check_stock_for, lock_stock_for
from commerce.payments import holds, ledger
from commerce.payments import stripe_gateway as gateway
from commerce.tax.rules import tax_problem

from ..serializers.checkout import CheckoutSerializer, MethodSerializer, MethodsQuerySerializer, PlacedOrderSerializer
from .basket import basket_of

logger = logging.getLogger("api")

ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")
Repository = get_class("shipping.repository", "Repository")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
ShippingAddress = get_model("order", "ShippingAddress")
BillingAddress = get_model("order", "BillingAddress")
Country = get_model("address", "Country")
Source = get_model("payment", "Source")

EMPTY = "Your basket is empty: add something before checking out."
NO_DELIVERY = "Shipping is unavailable for your chosen address - please choose another"


def refused(message, code=status.HTTP_400_BAD_REQUEST):
    """An error in the API's shape that keeps the request's transaction (see the module's docstring)."""
    return Response({"error": message, "status": code}, status=code)


def filled_basket(request):
    basket = basket_of(request)
    if not basket.id or basket.is_empty:
        raise ValidationError(EMPTY)
    return basket


def delivery_address(fields):
    """The order's ShippingAddress, checked by the web checkout's address form and tax rule."""
    form = ShippingAddressForm(data=fields)
    if not form.is_valid():
        raise ValidationError({"shipping_address": {name: [str(e) for e in errors]
                                                    for name, errors in form.errors.items()}})
    problem = tax_problem(form.instance)
    if problem:
        raise ValidationError({"shipping_address": {"state": [problem]}})
    return form.instance


def methods_for(basket, address):
    methods = Repository().get_shipping_methods(basket, shipping_addr=address)
    if not methods:
        raise ValidationError({"shipping_address": [NO_DELIVERY]})
    return methods


def chosen_method(basket, address, code):
    methods = methods_for(basket, address)
    for method in methods:
        if method.code == code:
            return method
    raise ValidationError({"shipping_method": [
        f"“{code}” doesn't deliver to this address; choose one of: {', '.join(m.code for m in methods)}."]})


class CheckoutMethods(APIView):
    """The delivery methods for this basket to a country (and state), each with the order's tax and total."""

    @extend_schema(parameters=[MethodsQuerySerializer], responses=MethodSerializer(many=True))
    def get(self, request):
        asked = MethodsQuerySerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        basket = basket_of(request)
        country = Country.objects.filter(pk=asked.validated_data["country"].upper(), is_shipping_country=True).first()
        if country is None:
            raise ValidationError({"country": ["We don't deliver to that country."]})
        address = ShippingAddress(country=country, state=asked.validated_data.get("state", ""))
        problem = tax_problem(address)
        if problem:
            raise ValidationError({"state": [problem]})
        answer = []
        for method in methods_for(basket, address):
            charge, surcharges, total = price_basket(basket, address=address, method=method)
            answer.append({"code": method.code, "name": method.name, "charge": charge.excl_tax,
                           "tax": sum((s.price.incl_tax for s in surcharges or ()), Decimal("0.00")),
                           "total": total.incl_tax})
        return Response(MethodSerializer(answer, many=True).data)


class Checkout(APIView):
    @extend_schema(request=CheckoutSerializer, responses={
        201: PlacedOrderSerializer, 400: OpenApiResponse(description="Nothing was placed or charged; the reason."),
        402: OpenApiResponse(description="The card was declined (Stripe's message); nothing was charged."),
        404: OpenApiResponse(description="An API key: keys have no basket.")})
    def post(self, request):
        """Place this session's basket as an order and charge the card; paid when Stripe confirms."""
        basket = filled_basket(request)
        asked = CheckoutSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data, user = asked.validated_data, request.user
        email = user.email if user.is_authenticated else data.get("email", "")
        if not email:
            raise ValidationError({"email": ["Guests need an email address for the order's confirmation."]})
        address = delivery_address(data["shipping_address"])
        method = chosen_method(basket, address, data["shipping_method"])
        if not card_payments_enabled():
            raise ValidationError("Card payments are not configured on this site yet, so no order was placed.")

        placed.lock_basket(basket)
        earlier = placed.order_of(basket.pk)
        if earlier is not None:
            return refused(f"{placed.ALREADY_PLACED} Order {earlier.number}.", status.HTTP_409_CONFLICT)
        try:
            check_stock_for(basket)  # locked only after the card is charged, as the web checkout does
        except OutOfStock as exc:
            raise ValidationError(f"{exc} Nothing was charged.") from exc
        _, _, total = price_basket(basket, address=address, method=method)
        number = OrderNumberGenerator().order_number(basket)
        client = holds.client_fingerprint(request)
        try:
            holds.check_new_payment_allowed(user=user, email=email, client=client)
            payment = ledger.start_payment(order_number=number, amount=total.incl_tax, currency=total.currency,
                                           payment_method_id=data["payment_method_id"], email=email, client=client)
        except holds.TooManyWaiting as exc:
            return refused(str(exc))
        except ledger.AlreadyPlaced as exc:
            return refused(f"{placed.ALREADY_PLACED} Order {exc.order.number}.", status.HTTP_409_CONFLICT)
        except gateway.PaymentDeclined as exc:
            return refused(f"{exc} Nothing was charged; please try another card.", status.HTTP_402_PAYMENT_REQUIRED)
        except gateway.GatewayError as exc:
            logger.warning("Stripe did not answer for API order %s: %s", number, exc)
            response = refused(CARD_PROCESSOR_DOWN, status.HTTP_503_SERVICE_UNAVAILABLE)
            response["Retry-After"] = "30"
            return response
        client_secret = self._client_secret(payment)  # before any stock row is locked
        try:
            order = self._place(basket, user, email, address, method, number, payment)
        except OutOfStock as exc:  # another buyer took the last units while the card was charged
            return refused(f"{exc} {self._give_back(payment)}")
        except Exception:  # the order's writes are rolled back; the ledger keeps the attempt it gives back
            logger.exception("API checkout could not write order %s", number)
            return refused(f"Something went wrong on our side; no order was placed. {self._give_back(payment)}",
                           status.HTTP_500_INTERNAL_SERVER_ERROR)
        logger.info("API checkout placed order %s (%s)", order.number, payment.status)
        return Response(PlacedOrderSerializer({
            "number": order.number, "status": order.status, "total": order.total_incl_tax,
            "currency": order.currency, "payment": {"status": payment.status, "client_secret": client_secret},
        }).data, status=status.HTTP_201_CREATED)

    def _client_secret(self, payment):
        try:
            return gateway.retrieve_intent(payment.intent_id).client_secret
        except gateway.GatewayError:
            logger.warning("Could not fetch the client secret of intent %s", payment.intent_id)
            return ""

    def _place(self, basket, user, email, address, method, number, payment):
        """Lock and allocate the stock and write the order with its card source, or nothing at all."""
        with transaction.atomic():
            lock_stock_for(basket)
            billing = BillingAddress()
            address.populate_alternative_model(billing)  # billed to the delivery address, as the web default
            order = place_basket(basket, user=user if user.is_authenticated else None, address=address,
                                 number=number, status=settings.OSCAR_INITIAL_ORDER_STATUS, method=method,
                                 guest_email=email, billing_address=billing)
            Source.objects.create(order=order, source_type=ledger.card_source_type(), currency=payment.currency,
                                  amount_allocated=payment.amount, reference=payment.intent_id)
            return order

    def _give_back(self, payment):
        if ledger.return_payment(payment):
            return "Your payment has been returned to your card."
        return "Your payment will be returned to your card automatically."
