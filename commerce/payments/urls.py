from django.urls import path

from .views import refund_order
from .webhooks import stripe_webhook

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    path("shop/dashboard/orders/<str:number>/refund/", refund_order, name="payments-refund"),
]
