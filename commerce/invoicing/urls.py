"""The customer's and the guest's downloads, beside Oscar's account pages (config/urls.py).

Staff downloads are the dashboard's (commerce/dashboard/orders/apps.py).
"""
from django.urls import path, re_path

from . import views

app_name = "invoicing"

GUEST = r"^order-status/(?P<number>[\w-]*)/(?P<hash>[A-z0-9-_=:]+)/"

urlpatterns = [
    path("orders/<str:number>/invoice.pdf", views.customer_invoice, name="customer-invoice"),
    path("orders/<str:number>/credit-notes/<str:credit_note>.pdf", views.customer_credit_note,
         name="customer-credit-note"),
    re_path(GUEST + r"invoice\.pdf$", views.guest_invoice, name="guest-invoice"),
    re_path(GUEST + r"credit-notes/(?P<credit_note>[\w-]+)\.pdf$", views.guest_credit_note,
            name="guest-credit-note"),
]
