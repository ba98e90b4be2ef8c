"""Staff shapes: products as merchandisers edit them, stock records, orders and refunds."""
from oscar.core.loading import get_model
from rest_framework import serializers

from commerce.payments.models import Refund

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")


class StaffProductSerializer(serializers.ModelSerializer):
    product_class = serializers.SlugRelatedField(slug_field="slug", queryset=ProductClass.objects.all(),
                                                 required=False, allow_null=True)

    class Meta:
        model = Product
        fields = ["id", "title", "upc", "structure", "description", "is_public", "product_class", "parent",
                  "date_created", "date_updated"]
        read_only_fields = ["structure", "parent", "date_created", "date_updated"]

    def validate(self, data):
        if self.instance is None and not data.get("product_class"):
            raise serializers.ValidationError({"product_class": ["A new product needs its product class."]})
        return data


class StockRecordSerializer(serializers.ModelSerializer):
    partner = serializers.CharField(source="partner.name", read_only=True)
    num_allocated = serializers.IntegerField(read_only=True, help_text="Units held for orders not yet shipped.")

    class Meta:
        model = StockRecord
        fields = ["id", "product", "partner", "partner_sku", "price_currency", "price", "cost_price",
                  "num_in_stock", "num_allocated", "low_stock_threshold", "date_updated"]
        read_only_fields = ["product", "partner_sku", "price_currency", "date_updated"]
        extra_kwargs = {"price": {"min_value": 0}, "cost_price": {"min_value": 0},
                        "num_in_stock": {"min_value": 0}, "low_stock_threshold": {"min_value": 0}}

    def validate_num_in_stock(self, value):
        held = self.instance.num_allocated or 0 if self.instance else 0
        if value is not None and value < held:
            raise serializers.ValidationError(
                f"{held} units are held for orders not yet shipped; the count can't go below that.")
        return value


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Line
        fields = ["id", "product", "title", "upc", "partner_sku", "quantity", "unit_price_incl_tax",
                  "line_price_incl_tax", "status"]


class OrderSerializer(serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    email = serializers.EmailField(read_only=True)
    next_statuses = serializers.ListField(child=serializers.CharField(), source="available_statuses",
                                          read_only=True)

    class Meta:
        model = Order
        fields = ["number", "status", "next_statuses", "date_placed", "currency", "total_excl_tax",
                  "total_incl_tax", "shipping_incl_tax", "email", "carrier", "tracking_number", "lines"]


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField(max_length=100)
    carrier = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class RefundSerializer(serializers.ModelSerializer):
    key = serializers.RegexField(r"^[\w-]{8,64}$", max_length=64, help_text=(
        "Your own id for this refund (8–64 letters, digits, _ or -): the same key refunds once."))

    class Meta:
        model = Refund
        fields = ["id", "key", "amount", "stripe_refund_id", "created_at"]
        read_only_fields = ["stripe_refund_id", "created_at"]
        extra_kwargs = {"amount": {"min_value": 0}, "key": {"validators": []}}
