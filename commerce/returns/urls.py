"""The customer's return pages, mounted under /shop/ before Oscar's own URLs (config/urls.py)."""
from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("accounts/orders/<str:order_number>/return/", views.ask_for_customer, name="ask"),
    path("track/<str:order_number>/return/", views.ask_for_guest, name="ask-guest"),
    path("returns/<str:rma>/slip/", views.slip, name="slip"),
]
