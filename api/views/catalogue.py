"""The public catalogue: anyone may read what the storefront shows (public products only)."""
from oscar.core.loading import get_model
from rest_framework import generics

from ..serializers.catalogue import CategorySerializer, ProductDetailSerializer, ProductSerializer

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


class ProductList(generics.ListAPIView):
    """Public products that are sold on their own or as a family of variants, newest first."""

    serializer_class = ProductSerializer
    queryset = (Product.objects.browsable().filter(is_public=True).prefetch_related("categories", "stockrecords")
                .order_by("-date_created", "-pk"))


class ProductDetail(generics.RetrieveAPIView):
    """One public product with its variants, each priced and available as the storefront has it."""

    serializer_class = ProductDetailSerializer
    queryset = Product.objects.browsable().filter(is_public=True)


class CategoryList(generics.ListAPIView):
    serializer_class = CategorySerializer
    queryset = Category.objects.filter(is_public=True).order_by("path")


class CategoryDetail(generics.RetrieveAPIView):
    serializer_class = CategorySerializer
    queryset = Category.objects.filter(is_public=True)
