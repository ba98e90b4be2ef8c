"""A few months of order history for the demo store, so its dashboard and reports have a past.

Ten demo customers (in taxed US states, Ontario and the UK) place about sixty orders over
the last ninety days. Each order goes through the code a checkout uses (commerce/order/placing.py): a basket priced by
the shop's strategy, a delivery method from the shipping repository, tax lines from the
surcharge applicator, totals from Oscar's calculator, and Oscar's OrderCreator, which
allocates stock as it writes the order. Payments are demo payments, as the demo checkout
takes them (no money). Orders then move along the status pipeline with Oscar's
`Order.set_status`, so stock is consumed when they ship and released when one is cancelled
(commerce/partner/stock.py), and one order is partly refunded on its payment source.

History is the past: customers were told at the time, so nothing here queues an email
(the workflow's and the ledger's email steps are left out; OrderCreator sends none).
Customers get unusable passwords (nobody can sign in as them), so they are created in
every build. A second build finds the "DEMO-" orders and creates nothing. An order whose
address the merchandiser's current tax or delivery rows can't serve is skipped, not forced.
"""
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.checkout.views import DEMO_SOURCE_NAME
from commerce.order.placing import place_basket
from commerce.order.workflow import clean_tracking
from commerce.partner.strategy import Selector
from commerce.shipping.repository import Repository
from commerce.tax.rules import tax_problem

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Product = get_model("catalogue", "Product")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

NUMBER_PREFIX = "DEMO-"
SEED = 2026
ORDERS = 60
DAYS = 90
SPARE_UNITS = 6  # never take a product below this many free units, so the catalogue stays in stock


@dataclass(frozen=True)
class Customer:
    first_name: str
    last_name: str
    line1: str
    city: str
    state: str
    postcode: str
    country: str

    @property
    def email(self):
        return f"{self.first_name}.{self.last_name}@customers.larderandloom.example".lower()


CUSTOMERS = [
    Customer("Nora", "Whitfield", "14 Pleasant Street", "Cambridge", "MA", "02139", "US"),
    Customer("Sam", "Okafor", "82 Elm Avenue", "Worcester", "MA", "01609", "US"),
    Customer("Priya", "Raman", "350 West 57th Street", "New York", "NY", "10019", "US"),
    Customer("Diego", "Alvarez", "1200 Sunset Boulevard", "Los Angeles", "CA", "90026", "US"),
    Customer("Hannah", "Berg", "77 Congress Avenue", "Austin", "TX", "78701", "US"),
    Customer("Marcus", "Lee", "410 North Wells Street", "Chicago", "IL", "60654", "US"),
    Customer("Ellie", "Sandoval", "2201 Western Avenue", "Seattle", "WA", "98121", "US"),
    Customer("Ruth", "Adeyemi", "5 Maple Lane", "Brooklyn", "NY", "11215", "US"),
    Customer("Owen", "Tremblay", "220 King Street West", "Toronto", "ON", "M5H 1K4", "CA"),
    Customer("Isla", "Morgan", "9 Mill Lane", "Bath", "", "BA1 1AA", "GB"),
]

CARRIERS = {"US": "usps", "CA": "ups", "GB": "dhl"}


def has_history():
    return Order.objects.filter(number__startswith=NUMBER_PREFIX).exists()


def load_history(stream=None, *, verbose=True):
    """Create the demo customers and their orders unless the history exists; returns orders placed."""
    if has_history():
        return 0
    rng = random.Random(SEED)
    products = _products()
    if not products:
        return 0
    now = timezone.now()
    with transaction.atomic():
        customers = [_customer(c) for c in CUSTOMERS]
        placed = []
        # Oldest first, so order numbers run with their dates.
        ages = sorted((rng.uniform(0.2, DAYS) for _ in range(ORDERS)), reverse=True)
        for index, age in enumerate(ages, start=1):
            who = rng.choice(CUSTOMERS)
            order = _place(rng, f"{NUMBER_PREFIX}{10000 + index}", customers[CUSTOMERS.index(who)], who, products)
            if order is not None:
                placed.append((order, now - timedelta(days=age), age))
        for rank, (order, when, _) in enumerate(reversed(placed)):
            _move_along(order, _status_for(rank))
            _backdate(order, when)
        _refund_one(placed)
        _cancel_one(placed)
    if verbose and stream is not None:
        stream.write(f"Order history: {len(placed)} orders from {len(customers)} demo customers.\n")
    return len(placed)


def _products():
    """Products a shopper can buy: variants where the catalogue has them, and standalone products."""
    return list(Product.objects.filter(structure__in=[Product.CHILD, Product.STANDALONE])
                .filter(stockrecords__isnull=False).distinct().order_by("pk"))


def _customer(customer):
    User = get_user_model()
    user = User.objects.filter(email__iexact=customer.email).first()
    if user is None:
        user = User(email=customer.email, first_name=customer.first_name, last_name=customer.last_name)
        user.set_unusable_password()
        user.save()
    return user


def _address(customer):
    if not Country.objects.filter(pk=customer.country).exists():
        return None
    return ShippingAddress(first_name=customer.first_name, last_name=customer.last_name, line1=customer.line1,
                           line4=customer.city, state=customer.state, postcode=customer.postcode,
                           country_id=customer.country)


def _basket(rng, user, products, strategy):
    """A basket of one to three products, each leaving SPARE_UNITS free on its stock record."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = strategy
    for product in rng.sample(products, k=min(len(products), rng.choice((1, 1, 2, 2, 3)))):
        info = strategy.fetch_for_product(product)
        record = info.stockrecord
        quantity = rng.choice((1, 1, 1, 2))
        if record is None or not info.availability.is_available_to_buy or info.price.excl_tax is None:
            continue
        if product.get_product_class().track_stock and (record.net_stock_level or 0) < quantity + SPARE_UNITS:
            continue
        basket.add_product(product, quantity)
    return basket


def _place(rng, number, user, customer, products):
    """One order through Oscar's order creator, or None when nothing can be sold to this address."""
    address = _address(customer)
    if address is None or tax_problem(address):
        return None
    strategy = Selector().strategy(user=user)
    basket = _basket(rng, user, products, strategy)
    methods = Repository().get_shipping_methods(basket, shipping_addr=address) if basket.num_lines else []
    if not methods:
        basket.delete()
        return None
    order = place_basket(basket, user=user, address=address, number=number, status="Pending",
                         method=rng.choice(methods))
    _pay(order)
    return order


def _pay(order):
    """A demo payment, booked as the demo checkout books it."""
    amount = order.total_incl_tax
    source_type, _ = SourceType.objects.get_or_create(name=DEMO_SOURCE_NAME)
    Source.objects.create(order=order, source_type=source_type, currency=order.currency, amount_allocated=amount,
                          amount_debited=amount, reference=f"demo-{order.number}")
    PaymentEvent.objects.create(order=order, event_type=PaymentEventType.objects.get_or_create(name="Demo payment")[0],
                                amount=amount, reference=f"demo-{order.number}")


def _status_for(rank):
    """Newest first: the last few orders wait or are being prepared, then parcels on their way, then delivered."""
    for newest, status in ((3, "Pending"), (8, "Processing"), (14, "Shipped")):
        if rank < newest:
            return status
    return "Delivered"


def _move_along(order, target):
    """Take the order through each pipeline step up to `target`, with tracking when it ships."""
    path = ("Pending", "Processing", "Shipped", "Delivered")
    for status in path[1:path.index(target) + 1]:
        if status == "Shipped":
            carrier = CARRIERS.get(order.shipping_address.country_id, "ups")
            order.carrier, order.tracking_number = clean_tracking(carrier, f"{carrier.upper()}{order.pk:08d}DEMO")
            order.save(update_fields=["carrier", "tracking_number"])
        order.set_status(status)


def _backdate(order, when):
    """Orders are written now; their dates are moved to when the customer placed them."""
    Order.objects.filter(pk=order.pk).update(date_placed=when)
    order.payment_events.update(date_created=when)
    for step, change in enumerate(order.status_changes.order_by("pk"), start=1):
        type(change).objects.filter(pk=change.pk).update(date_created=when + timedelta(days=step))


def _refund_one(placed):
    """A delivered order partly refunded (one item arrived damaged), on its demo payment source."""
    delivered = [order for order, _, _ in placed if order.status == "Delivered"]
    if not delivered:
        return
    order = max(delivered, key=lambda o: o.total_incl_tax)
    line = order.lines.first()
    amount = min(line.unit_price_incl_tax or line.line_price_incl_tax, order.total_incl_tax).quantize(Decimal("0.01"))
    reference = f"demo-refund-{order.number}"
    order.sources.get().refund(amount, reference=reference)
    PaymentEvent.objects.create(order=order, event_type=PaymentEventType.objects.get_or_create(name="Refunded")[0],
                                amount=amount, reference=reference)


def _cancel_one(placed):
    """The most recent order still waiting is cancelled, which gives its stock back."""
    waiting = [order for order, _, _ in placed if order.status == "Pending"]
    if len(waiting) > 1:  # another stays Pending
        waiting[0].set_status("Cancelled")
