from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import basket, catalogue, checkout, orders, root, staff

_swagger = SpectacularSwaggerSplitView.as_view(url_name="api-schema")


def docs(request, *args, **kwargs):
    """Swagger UI. Not exempt from Django's CSRF check (DRF views are): its HTML renderer would
    hide DRF's own CSRF message, so Django answers a forged POST, as everywhere else."""
    return _swagger(request, *args, **kwargs)


urlpatterns = [
    path("", root.ApiRoot.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a separate same-origin response, so the
    # shop's strict CSP (no inline script) needs no exception for the docs page.
    path("docs/", docs, name="api-docs"),
    path("products/", catalogue.ProductList.as_view(), name="api-product-list"),
    path("products/<int:pk>/", catalogue.ProductDetail.as_view(), name="api-product-detail"),
    path("categories/", catalogue.CategoryList.as_view(), name="api-category-list"),
    path("categories/<int:pk>/", catalogue.CategoryDetail.as_view(), name="api-category-detail"),
    path("basket/", basket.CurrentBasket.as_view(), name="api-basket"),
    path("basket/lines/", basket.BasketLines.as_view(), name="api-basket-lines"),
    path("basket/lines/<int:pk>/", basket.BasketLine.as_view(), name="api-basket-line"),
    path("baskets/<int:pk>/", basket.BasketById.as_view(), name="api-basket-detail"),
    path("checkout/", checkout.Checkout.as_view(), name="api-checkout"),
    path("checkout/methods/", checkout.CheckoutMethods.as_view(), name="api-checkout-methods"),
    path("orders/", orders.MyOrderList.as_view(), name="api-my-orders"),
    path("orders/<str:number>/", orders.MyOrderDetail.as_view(), name="api-my-order"),
    path("staff/products/", staff.StaffProductList.as_view(), name="api-staff-products"),
    path("staff/products/<int:pk>/", staff.StaffProductDetail.as_view(), name="api-staff-product"),
    path("staff/stock/", staff.StockRecordList.as_view(), name="api-stock-list"),
    path("staff/stock/<int:pk>/", staff.StockRecordDetail.as_view(), name="api-stock-detail"),
    path("staff/orders/", staff.OrderList.as_view(), name="api-staff-orders"),
    path("staff/orders/<str:number>/", staff.OrderDetail.as_view(), name="api-staff-order"),
    path("staff/orders/<str:number>/status/", staff.OrderStatus.as_view(), name="api-order-status"),
    path("staff/orders/<str:number>/refunds/", staff.OrderRefunds.as_view(), name="api-order-refunds"),
]
