"""A customer's own data as one JSON document: account, address book, orders, wish lists.

What we hold about a person, in a form they can read and take elsewhere. A fixed number of
queries whatever the number of orders (lines, addresses and countries are prefetched).
"""
from django.db.models import Prefetch
from django.utils import timezone
from oscar.core.loading import get_model

UserAddress = get_model("address", "UserAddress")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
WishList = get_model("wishlists", "WishList")

ADDRESS_FIELDS = ("title", "first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode")


def _address(address):
    if address is None:
        return None
    data = {name: getattr(address, name) for name in ADDRESS_FIELDS}
    data["country"] = address.country.iso_3166_1_a2 if address.country_id else ""
    data["phone_number"] = str(getattr(address, "phone_number", "") or "")  # billing addresses have none
    return data


def _order(order):
    return {
        "number": order.number,
        "placed": order.date_placed.isoformat(),
        "status": order.status,
        "currency": order.currency,
        "total_incl_tax": str(order.total_incl_tax),
        "shipping_incl_tax": str(order.shipping_incl_tax),
        "shipping_method": order.shipping_method,
        "email": order.email,
        "shipping_address": _address(order.shipping_address),
        "billing_address": _address(order.billing_address),
        "lines": [{"product": line.title, "sku": line.partner_sku, "quantity": line.quantity,
                   "unit_price_incl_tax": str(line.unit_price_incl_tax),
                   "line_price_incl_tax": str(line.line_price_incl_tax)} for line in order.lines.all()],
    }


def customer_data(user):
    addresses = UserAddress.objects.filter(user=user).select_related("country").order_by("pk")
    orders = (Order.objects.filter(user=user)
              .select_related("user", "shipping_address__country", "billing_address__country")
              .prefetch_related(Prefetch("lines", queryset=Line.objects.order_by("pk")))
              .order_by("date_placed"))
    wishlists = WishList.objects.filter(owner=user).prefetch_related("lines").order_by("pk")
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {"email": user.email, "first_name": user.first_name, "last_name": user.last_name,
                    "date_joined": user.date_joined.isoformat(),
                    "last_login": user.last_login.isoformat() if user.last_login else None},
        "addresses": [{**_address(a), "default_for_shipping": a.is_default_for_shipping,
                       "default_for_billing": a.is_default_for_billing} for a in addresses],
        "orders": [_order(order) for order in orders],
        "wishlists": [{"name": w.name, "visibility": w.visibility,
                       "products": [line.title for line in w.lines.all()]} for w in wishlists],
    }
