"""Headless baskets: the basket is the one Oscar keeps for this session (its cookie, or the
signed-in customer's), so a client sees and changes only its own. Any other basket id,
and any line not in this basket, is a 404: we don't say whether it exists."""
from django.http import Http404
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_model
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ApiKey
from ..serializers.basket import AddLineSerializer, BasketLineSerializer, BasketSerializer

Order = get_model("order", "Order")


def basket_of(request):
    if isinstance(request.auth, ApiKey):
        raise Http404("API keys have no basket: baskets belong to a shopper's session.")
    return request.basket


def _answer(request, code=status.HTTP_200_OK):
    basket = basket_of(request)
    basket.reset_offer_applications()
    return Response(BasketSerializer(basket, context={"request": request}).data, status=code)


class CurrentBasket(APIView):
    """This session's basket (empty until something is added)."""

    @extend_schema(responses=BasketSerializer)
    def get(self, request):
        return _answer(request)


class BasketById(APIView):
    """A basket by id: only this session's own; any other is 404."""

    @extend_schema(responses=BasketSerializer)
    def get(self, request, pk):
        if basket_of(request).id != pk:
            raise Http404
        return _answer(request)


class BasketLines(APIView):
    @extend_schema(request=AddLineSerializer, responses={201: BasketSerializer})
    def post(self, request):
        """Add a product: refused (400) when it can't be bought, or not in that quantity."""
        asked = AddLineSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        basket, product = basket_of(request), asked.validated_data["product"]
        quantity = asked.validated_data["quantity"]
        info = basket.strategy.fetch_for_product(product) if not product.is_parent else None
        if info is None or not info.availability.is_available_to_buy:
            raise ValidationError({"product": ["This product can't be bought on its own; choose one of its variants."
                                               if product.is_parent else "This product is not available."]})
        allowed, message = basket.is_quantity_allowed(basket.line_quantity(product, info.stockrecord) + quantity)
        if allowed:
            allowed, message = info.availability.is_purchase_permitted(
                basket.line_quantity(product, info.stockrecord) + quantity)
        if not allowed:
            raise ValidationError({"quantity": [str(message)]})
        basket.add_product(product, quantity)
        return _answer(request, status.HTTP_201_CREATED)


class BasketLine(APIView):
    def line(self, request, pk):
        basket = basket_of(request)
        line = basket.lines.filter(pk=pk).first() if basket.id else None
        if line is None:
            raise Http404
        return basket, line

    @extend_schema(request=BasketLineSerializer, responses=BasketSerializer)
    def patch(self, request, pk):
        """Change a line's quantity (within what is in stock)."""
        basket, line = self.line(request, pk)
        asked = BasketLineSerializer(line, data=request.data, partial=True)
        asked.is_valid(raise_exception=True)
        quantity = asked.validated_data.get("quantity", line.quantity)
        allowed, message = line.purchase_info.availability.is_purchase_permitted(quantity)
        if not allowed:
            raise ValidationError({"quantity": [str(message)]})
        asked.save()
        return _answer(request)

    @extend_schema(responses=BasketSerializer)
    def delete(self, request, pk):
        basket, line = self.line(request, pk)
        line.delete()
        return _answer(request)
