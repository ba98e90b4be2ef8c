"""Checkout steps as a browser without JavaScript takes them (django-webtest, CSRF checked)."""
from oscar.core.loading import get_model

Order = get_model("order", "Order")



def add_to_basket(app, product, quantity=1):
    form = app.get(product.get_absolute_url()).forms["add_to_basket_form"]
    form["quantity"] = quantity
    return form.submit().follow()


def fill_address(form, country, **overrides):
    values = {"first_name": "Grace", "last_name": "Hopper", "line1": "12 Orchard Lane", "line4": "Springfield",
              "state": "IL", "postcode": "62701", **overrides}
    for name, value in values.items():
        form[name] = value
    if "country" in form.fields:
        form["country"] = country.pk


def guest_to_payment_step(app, product, country, quantity=1, email="guest@example.com", method="standard"):
    add_to_basket(app, product, quantity)
    return guest_checkout_to_payment_step(app, country, email=email, method=method)


def guest_checkout_to_payment_step(app, country, email="guest@example.com", method="standard"):
    """From a filled basket: check out as a guest, up to the card step."""
    form = app.get("/shop/checkout/").forms[0]
    form["username"] = email
    form["options"] = "anonymous"
    page = form.submit().maybe_follow()
    form = page.forms["new_shipping_address"]
    fill_address(form, country)
    page = form.submit().maybe_follow()
    if page.request.path == "/shop/checkout/shipping-method/":
        page = choose_shipping(page, method)
    assert page.request.path == "/shop/checkout/payment-details/", page.request.path
    return page


def demo_pay(payment_page):
    """Pay with the demo method (debug builds without Stripe keys) and place the order."""
    preview = payment_page.click(href="/shop/checkout/preview/")
    return preview.forms["place_order_form"].submit().maybe_follow()


def choose_shipping(page, code):
    form = next(f for f in page.forms.values() if "method_code" in f.fields and f["method_code"].value == code)
    return form.submit().maybe_follow()


def enter_card(page, payment_method_id):
    """Submit the card step as Stripe.js would (it fills payment_method_id); returns the preview."""
    form = page.forms["card_payment_form"]
    form["payment_method_id"].force_value(payment_method_id)
    return form.submit()


def press_place_order(app, preview, **extra):
    """Press "Place order"; `extra` adds fields a tamperer might post (amount, quantities)."""
    form = preview.forms["place_order_form"]
    return app.post(form.action, params=[*form.submit_fields(), *extra.items()]).maybe_follow()


def pay_by_card(app, page, payment_method_id, **extra):
    return press_place_order(app, enter_card(page, payment_method_id), **extra)


def deliver(client, body, signature):
    """Post a Stripe webhook to the shop, as Stripe would."""
    return client.post("/stripe/webhook/", data=body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=signature)


def paid_at_localstripe(django_app, client, stripe, page):
    """From the card step: pay by card at localstripe and deliver Stripe's signed webhook, the
    moment the order is paid. Returns the order and its PaymentIntent."""
    pay_by_card(django_app, page, stripe.card())
    order = Order.objects.latest("pk")
    [intent] = stripe.intents_for(order.number)
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    assert deliver(client, body, signature).status_code == 200
    order.refresh_from_db()
    return order, intent


def paid_order(django_app, client, stripe, product, country, **kwargs):
    """A guest's card checkout on localstripe, paid once Stripe's signed webhook has arrived."""
    return paid_at_localstripe(django_app, client, stripe,
                               guest_to_payment_step(django_app, product, country, **kwargs))
