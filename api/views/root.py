from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView


class ApiRoot(APIView):
    """Where to start: the catalogue, the basket and the schema (docs/api.md explains the rest)."""

    @extend_schema(exclude=True)
    def get(self, request):
        names = {"products": "api-product-list", "categories": "api-category-list", "basket": "api-basket",
                 "schema": "api-schema", "staff_orders": "api-staff-orders", "staff_stock": "api-stock-list"}
        return Response({label: reverse(name, request=request) for label, name in names.items()})
