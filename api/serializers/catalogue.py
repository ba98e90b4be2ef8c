"""Products and categories as the storefront sells them: prices and availability come from
the shop's strategy (commerce/partner/strategy.py), so the API never disagrees with the page."""
from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_class, get_model
from rest_framework import serializers

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Selector = get_class("partner.strategy", "Selector")


class PriceSerializer(serializers.Serializer):
    currency = serializers.CharField()
    excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=(
        "Before tax: US sales tax depends on the delivery address and is added at checkout."))


class AvailabilitySerializer(serializers.Serializer):
    is_available_to_buy = serializers.BooleanField()
    num_available = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


def strategy_for(context):
    request = context.get("request")
    strategy = getattr(request, "strategy", None)
    if strategy is None:
        strategy = Selector().strategy(request=request, user=getattr(request, "user", None))
    return strategy


def _purchase(product, context):
    strategy = strategy_for(context)
    return strategy.fetch_for_parent(product) if product.is_parent else strategy.fetch_for_product(product)


class CategorySerializer(serializers.ModelSerializer):
    path = serializers.SerializerMethodField(help_text="Names from the top of the tree down to this one.")

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description", "path"]

    def get_path(self, category) -> list[str]:
        return [ancestor.name for ancestor in category.get_ancestors_and_self()]


class ProductSerializer(serializers.ModelSerializer):
    price = serializers.SerializerMethodField()
    availability = serializers.SerializerMethodField()
    categories = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The product's storefront page.")

    class Meta:
        model = Product
        fields = ["id", "title", "slug", "upc", "structure", "description", "categories", "price", "availability",
                  "url"]

    @extend_schema_field(PriceSerializer(allow_null=True))
    def get_price(self, product):
        price = _purchase(product, self.context).price
        if not price.exists:
            return None
        return {"currency": price.currency, "excl_tax": str(price.excl_tax)}

    @extend_schema_field(AvailabilitySerializer)
    def get_availability(self, product):
        availability = _purchase(product, self.context).availability
        return {"is_available_to_buy": availability.is_available_to_buy,
                "num_available": getattr(availability, "num_available", None), "message": str(availability.message)}

    def get_url(self, product) -> str:
        return product.get_absolute_url()


class VariantSerializer(ProductSerializer):
    """A child product (a size, a colour): bought on its own, priced on its own."""

    class Meta(ProductSerializer.Meta):
        fields = ["id", "title", "upc", "price", "availability"]


class ProductDetailSerializer(ProductSerializer):
    variants = serializers.SerializerMethodField()

    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, "variants"]

    @extend_schema_field(VariantSerializer(many=True))
    def get_variants(self, product):
        children = product.children.public().order_by("pk") if product.is_parent else []
        return VariantSerializer(children, many=True, context=self.context).data

