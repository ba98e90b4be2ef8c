"""Low-stock alert to staff: when Oscar opens a StockAlert (stock fell below the record's
low_stock_threshold), everyone who manages stock gets one email about it.

Oscar opens at most one alert per stock record until stock recovers (partner/receivers.py),
and the email's key names the alert, so a product hovering near its threshold doesn't
flood the inbox. The same opening is the stock.low webhook (webhooks/events.py).
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse

PERMISSION = ("partner", "change_stockrecord")


def stock_managers():
    """Active staff allowed to change stock (directly, by group, or as superuser), with an email."""
    app_label, codename = PERMISSION
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    holders = Q(is_superuser=True)
    if permission is not None:
        holders |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    return (get_user_model().objects.filter(holders, is_active=True, is_staff=True).exclude(email="")
            .values_list("email", flat=True).distinct())


def alert_staff_of_low_stock(sender, instance, created, raw=False, **kwargs):
    from outbox.outbox import queue_event_email
    from webhooks.events import stock_low

    if not created or raw:
        return
    stock_low(instance)
    record = instance.stockrecord
    path = reverse("dashboard:catalogue-product", kwargs={"pk": record.product_id})
    for email in stock_managers():
        queue_event_email(email, "LOW_STOCK_ALERT", key=f"low-stock:{instance.pk}:{email}", alert=instance,
                         stockrecord=record, dashboard_url=f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}")
