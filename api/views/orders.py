"""A signed-in customer's own orders; anybody else's order number is a 404."""
from oscar.core.loading import get_model
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from ..serializers.staff import OrderSerializer

Order = get_model("order", "Order")


class _Mine:
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(user=self.request.user).prefetch_related("lines").order_by("-date_placed")


class MyOrderList(_Mine, generics.ListAPIView):
    pass


class MyOrderDetail(_Mine, generics.RetrieveAPIView):
    lookup_field = "number"
