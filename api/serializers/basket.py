"""The basket a headless client holds on its session cookie, priced by the shop's strategy."""
from oscar.core.loading import get_model
from rest_framework import serializers

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Product = get_model("catalogue", "Product")


class BasketLineSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="product.get_title", read_only=True)
    unit_price_excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    line_price_excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = Line
        fields = ["id", "product", "title", "quantity", "unit_price_excl_tax", "line_price_excl_tax"]
        read_only_fields = ["product"]
        extra_kwargs = {"quantity": {"min_value": 1, "max_value": 999}}


class BasketSerializer(serializers.ModelSerializer):
    lines = BasketLineSerializer(many=True, read_only=True, source="all_lines")
    total_excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    total_incl_tax = serializers.SerializerMethodField(help_text="Empty until tax is known (the delivery address).")
    currency = serializers.CharField(read_only=True, allow_null=True)
    num_items = serializers.IntegerField(read_only=True)

    class Meta:
        model = Basket
        fields = ["id", "status", "num_items", "currency", "total_excl_tax", "total_incl_tax", "lines"]

    def get_total_incl_tax(self, basket) -> str | None:
        return str(basket.total_incl_tax) if basket.is_tax_known and basket.num_lines else None


class AddLineSerializer(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.filter(is_public=True))
    quantity = serializers.IntegerField(min_value=1, max_value=999, default=1)
