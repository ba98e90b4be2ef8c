"""Staff endpoints for integrations: products, stock, orders and refunds, each behind a scope.

Order statuses change only through commerce/order/workflow.py and refunds only through
commerce/payments/ledger.py, exactly as the dashboard does them, so stock, emails, refunds
of cancelled orders and the money ledger follow the same rules whichever door is used.
"""
import logging

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_model
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from commerce.order import workflow
from commerce.payments import ledger
from commerce.payments.models import Payment, Refund

from ..models import ApiKey
from ..scopes import HasScope
from ..serializers.staff import (
    OrderSerializer,
    RefundSerializer,
    StaffProductSerializer,
    StatusChangeSerializer,
    StockRecordSerializer,
)

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")

logger = logging.getLogger("api")


def acting_user(request):
    """Who a change is recorded against: the signed-in staff member, or the staff member who made the key."""
    if isinstance(request.auth, ApiKey):
        return request.auth.created_by
    return request.user


def who(request):
    return f"API key {request.auth}" if isinstance(request.auth, ApiKey) else f"user {request.user.pk}"


class StaffProductList(generics.ListCreateAPIView):
    """Every product, public or not. Creating one needs its product class."""

    permission_classes = [HasScope]
    read_scope, write_scope = "catalogue:read", "catalogue:write"
    serializer_class = StaffProductSerializer
    queryset = Product.objects.select_related("product_class").order_by("-pk")


class StaffProductDetail(generics.RetrieveUpdateAPIView):
    permission_classes = [HasScope]
    read_scope, write_scope = "catalogue:read", "catalogue:write"
    serializer_class = StaffProductSerializer
    queryset = Product.objects.select_related("product_class")


class StockRecordList(generics.ListAPIView):
    """Stock records; `?product=<id>` for one product's."""

    permission_classes = [HasScope]
    read_scope = "stock:read"
    serializer_class = StockRecordSerializer

    def get_queryset(self):
        records = StockRecord.objects.select_related("partner").order_by("pk")
        product = self.request.query_params.get("product", "")
        return records.filter(product_id=product) if product.isdigit() else records


class StockRecordDetail(generics.RetrieveUpdateAPIView):
    """Set a record's count on the shelf or its price; the count never drops below the units held for orders."""

    permission_classes = [HasScope]
    read_scope, write_scope = "stock:read", "stock:write"
    serializer_class = StockRecordSerializer
    http_method_names = ["get", "patch", "put", "head", "options"]

    def get_queryset(self):
        records = StockRecord.objects.select_related("partner")
        # A write reads the record under its row lock, so a checkout allocating it waits for us.
        return records.select_for_update() if self.request.method not in ("GET", "HEAD", "OPTIONS") else records

    def perform_update(self, serializer):
        with transaction.atomic():
            record = serializer.save()
        logger.info("Stock record %s set to %s in stock at %s by %s", record.pk, record.num_in_stock,
                    record.price, who(self.request))


class OrderList(generics.ListAPIView):
    """Orders, newest first; `?status=Pending` for one status."""

    permission_classes = [HasScope]
    read_scope = "orders:read"
    serializer_class = OrderSerializer

    def get_queryset(self):
        orders = Order.objects.prefetch_related("lines").order_by("-date_placed", "-pk")
        wanted = self.request.query_params.get("status")
        return orders.filter(status=wanted) if wanted else orders


class OrderDetail(generics.RetrieveAPIView):
    permission_classes = [HasScope]
    read_scope = "orders:read"
    serializer_class = OrderSerializer
    queryset = Order.objects.prefetch_related("lines")
    lookup_field = "number"


class OrderStatus(APIView):
    """Move an order along its pipeline (Shipped needs the carrier and tracking number).

    A change the workflow refuses is a 400 with its reason; asking for the status the order
    already has changes nothing.
    """

    permission_classes = [HasScope]
    read_scope, write_scope = "orders:read", "orders:write"

    @extend_schema(request=StatusChangeSerializer, responses={200: OrderSerializer})
    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        change = StatusChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        try:
            order, _ = workflow.change_status(order, change.validated_data["status"], by=acting_user(request),
                                              carrier=change.validated_data["carrier"],
                                              tracking_number=change.validated_data["tracking_number"])
        except workflow.TransitionRefused as exc:
            return Response({"error": str(exc), "status": 400}, status=status.HTTP_400_BAD_REQUEST)
        logger.info("Order %s set to %s by %s", order.number, order.status, who(request))
        return Response(OrderSerializer(order, context={"request": request}).data)


class OrderRefunds(generics.ListCreateAPIView):
    """The refunds of an order's card payment; POST refunds part or all of what is left, once per key."""

    permission_classes = [HasScope]
    read_scope, write_scope = "orders:read", "refunds:write"
    serializer_class = RefundSerializer

    def order(self):
        return get_object_or_404(Order, number=self.kwargs["number"])

    def get_queryset(self):
        return Refund.objects.filter(payment__order_number=self.order().number).order_by("created_at")

    def create(self, request, *args, **kwargs):
        order = self.order()
        asked = self.get_serializer(data=request.data)
        asked.is_valid(raise_exception=True)
        payment = Payment.objects.filter(order_number=order.number, status=Payment.Status.SUCCEEDED).first()
        if payment is None:
            return Response({"error": "This order has no settled card payment to refund.", "status": 400},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            refund = ledger.refund_payment(payment, asked.validated_data["amount"], key=asked.validated_data["key"],
                                           user=acting_user(request))
        except ledger.RefundRefused as exc:
            return Response({"error": str(exc), "status": 400}, status=status.HTTP_400_BAD_REQUEST)
        if refund.payment_id != payment.pk:
            return Response({"error": "That refund key was already used for another order.", "status": 400},
                            status=status.HTTP_400_BAD_REQUEST)
        logger.info("Refund %s of order %s by %s", refund.amount, order.number, who(request))
        return Response(self.get_serializer(refund).data, status=status.HTTP_201_CREATED)
