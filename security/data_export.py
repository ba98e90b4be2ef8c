"""A customer's own data as one JSON document: one section per table that holds it.

The sections are those of security/personal_data.HOLDINGS, each built by the function
below for it from the rows that list finds for the account. What is left out, and why,
is said there too: other people's addresses a wish list was shared with, failed sign-ins
(anyone can type an address), and rows that nothing ties to the account.

Orders are the ones whose user is the account: placed signed in, or a guest order the
account was created from on its thank-you page (which links it). Guest orders that only
share the email address are not included, because registration doesn't verify the
address: it proves nothing about who placed them.

A fixed number of queries whatever the number of orders (lines, addresses, countries,
notes and emails sent are prefetched).
"""
from django.db.models import Count, Prefetch
from django.utils import timezone
from oscar.core.loading import get_model

from .personal_data import HOLDINGS, Person, personal_parts

Line = get_model("order", "Line")
CommunicationEvent = get_model("order", "CommunicationEvent")
OrderNote = get_model("order", "OrderNote")
Basket = get_model("basket", "Basket")

ADDRESS_FIELDS = ("title", "first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode")


def _when(value):
    return value.isoformat() if value else None


def _address(address):
    if address is None:
        return None
    data = {name: getattr(address, name) for name in ADDRESS_FIELDS}
    data["country"] = address.country.iso_3166_1_a2 if address.country_id else ""
    data["phone_number"] = str(getattr(address, "phone_number", "") or "")  # billing addresses have none
    return data


def account(rows, person):
    user = person.user
    return {"email": user.email, "first_name": user.first_name, "last_name": user.last_name,
            "date_joined": _when(user.date_joined), "last_login": _when(user.last_login)}


def addresses(rows, person):
    return [{**_address(a), "default_for_shipping": a.is_default_for_shipping,
             "default_for_billing": a.is_default_for_billing}
            for a in rows.select_related("country").order_by("pk")]


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
        "emails_sent": [{"email": event.event_type.name, "sent": _when(event.date_created)}
                        for event in order.communication_events.all()],
        "notes": [{"type": note.note_type, "note": note.message, "written": _when(note.date_created)}
                  for note in order.notes.all()],
    }


def orders(rows, person):
    rows = (rows.select_related("user", "shipping_address__country", "billing_address__country")
            .prefetch_related(Prefetch("lines", queryset=Line.objects.order_by("pk")),
                              Prefetch("communication_events",
                                       queryset=CommunicationEvent.objects.select_related("event_type")
                                       .order_by("pk")),
                              Prefetch("notes", queryset=OrderNote.objects.order_by("pk")))
            .order_by("date_placed"))
    return [_order(order) for order in rows]


def returns(rows, person):
    """Returns of the account's orders, with what came back and what was refunded."""
    return [{"rma": r.rma, "order": r.order.number, "asked": _when(r.created_at), "status": r.status,
             "reason": r.get_reason_display(), "note": r.note, "decision_note": r.decision_note,
             "refunded": str(r.amount_refunded),
             "lines": [{"product": rl.line.title, "quantity": rl.quantity} for rl in r.lines.all()]}
            for r in rows.select_related("order").prefetch_related("lines__line").order_by("number")]


def payments(rows, person):
    return [{"order": p.order_number, "reference": p.intent_id, "amount": str(p.amount), "currency": p.currency,
             "status": p.status, "refunded": str(p.amount_refunded), "created": _when(p.created_at)}
            for p in rows.order_by("created_at", "pk")]


def payment_events(rows, person):
    """What the card processor told us about the person, event by event (ids, amounts and
    the rest of each payload are the shop's bookkeeping, not the person's details)."""
    return [{"event": e.id, "type": e.type, "created": _when(e.created), "details": personal_parts(e.payload)}
            for e in rows.order_by("created", "pk")]


def vouchers_used(rows, person):
    return [{"voucher": a.voucher.code, "order": a.order.number if a.order_id else None,
             "used": _when(a.date_created)} for a in rows.select_related("voucher", "order").order_by("pk")]


def reviews(rows, person):
    return [{"product": r.product.get_title() if r.product_id else None, "score": r.score, "title": r.title,
             "review": r.body, "status": r.get_status_display(), "written": _when(r.date_created)}
            for r in rows.select_related("product").order_by("pk")]


def review_votes(rows, person):
    return [{"review": v.review.title, "vote": "helpful" if v.delta > 0 else "not helpful",
             "voted": _when(v.date_created)} for v in rows.select_related("review").order_by("pk")]


def newsletter(rows, person):
    return [{"email": s.email, "status": s.get_status_display(), "requested": _when(s.requested_at),
             "confirmed": _when(s.confirmed_at), "unsubscribed": _when(s.unsubscribed_at)}
            for s in rows.order_by("pk")]


def outbox(rows, person):
    return [{"to": e.to, "subject": e.subject, "status": e.get_status_display(), "queued": _when(e.created_at),
             "sent": _when(e.sent_at)} for e in rows.order_by("created_at", "pk")]


def search_history(rows, person):
    return [{"searched": s.query, "kind": s.kind, "results": s.results_count, "when": _when(s.created_at)}
            for s in rows.order_by("created_at", "pk")]


def sign_ins(rows, person):
    return [{"signed_in": _when(s.attempt_time), "signed_out": _when(s.logout_time), "ip_address": s.ip_address,
             "browser": s.user_agent} for s in rows.order_by("attempt_time", "pk")]


def baskets(rows, person):
    """Open and saved baskets: a submitted one is an order, a merged one is empty."""
    rows = rows.exclude(status__in=(Basket.SUBMITTED, Basket.MERGED)).prefetch_related("lines__product")
    return [{"status": b.status, "created": _when(b.date_created),
             "lines": [{"product": line.product.get_title() if line.product_id else None, "quantity": line.quantity}
                       for line in b.lines.all()]}
            for b in rows.order_by("pk")]


def wishlists(rows, person):
    return [{"name": w.name, "visibility": w.visibility, "products": [line.title for line in w.lines.all()]}
            for w in rows.prefetch_related("lines").order_by("pk")]


def stock_alerts(rows, person):
    return [{"product": a.product.get_title(), "status": a.status, "created": _when(a.date_created),
             "closed": _when(a.date_closed)} for a in rows.select_related("product").order_by("pk")]


def email_history(rows, person):
    return [{"to": e.email, "subject": e.subject, "text": e.body_text, "sent": _when(e.date_sent)}
            for e in rows.order_by("date_sent", "pk")]


def notifications(rows, person):
    return [{"subject": n.subject, "message": n.body, "sent": _when(n.date_sent), "read": _when(n.date_read)}
            for n in rows.order_by("date_sent", "pk")]


def stripe_saved_cards(rows, person):
    return [{"brand": c.brand, "last4": c.last4, "expires": f"{c.exp_month:02d}/{c.exp_year}",
             "saved": _when(c.created_at)} for c in rows.order_by("pk")]


def stripe_customer(rows, person):
    return [{"stripe_customer_id": c.customer_id, "created": _when(c.created_at)} for c in rows]


def saved_cards(rows, person):
    return [{"type": c.card_type, "name": c.name, "number": c.number, "expires": _when(c.expiry_date)}
            for c in rows.order_by("pk")]


def shopping_statistics(rows, person):
    return [{"product_views": r.num_product_views, "basket_additions": r.num_basket_additions,
             "orders": r.num_orders, "items_ordered": r.num_order_items, "total_spent": str(r.total_spent),
             "last_order": _when(r.date_last_order)} for r in rows]


def product_views(rows, person):
    return [{"product": v.product.get_title(), "viewed": _when(v.date_created)}
            for v in rows.select_related("product").order_by("date_created", "pk")]


def analytics_searches(rows, person):
    return [{"searched": s.query, "when": _when(s.date_created)} for s in rows.order_by("date_created", "pk")]


def contact_messages(rows, person):
    """Messages sent through the contact page while signed in: when, on which page, and every field
    as typed (name, email, message)."""
    return [{"sent": _when(m.submit_time), "page": m.page.title, "fields": m.form_data}
            for m in rows.select_related("page").order_by("submit_time", "pk")]


def two_factor_apps(rows, person):
    """Staff's authenticator apps: never the secret key."""
    return [{"name": d.name, "added": _when(d.created_at), "last_used": _when(d.last_used_at),
             "confirmed": d.confirmed} for d in rows.order_by("pk")]


def recovery_codes(rows, person):
    """Staff's recovery codes: how many are left, never the codes."""
    return [{"name": d.name, "added": _when(d.created_at), "last_used": _when(d.last_used_at), "codes_left": d.left}
            for d in rows.annotate(left=Count("token_set")).order_by("pk")]


def basket_reminders(rows, person):
    return [{"basket": r.basket_id, "reminder": r.number, "to": r.email, "queued": _when(r.queued_at)}
            for r in rows.order_by("queued_at", "pk")]


def basket_reminder_consents(rows, person):
    return [{"basket": c.basket_id, "email": c.email, "agreed": _when(c.agreed_at)} for c in rows.order_by("pk")]


# Section name -> the function building it (every HOLDINGS section has one).
SECTIONS = {
    "account": account, "addresses": addresses, "orders": orders, "returns": returns, "payments": payments,
    "payment_events": payment_events, "vouchers_used": vouchers_used, "reviews": reviews,
    "review_votes": review_votes, "newsletter": newsletter, "outbox": outbox, "search_history": search_history,
    "sign_ins": sign_ins, "baskets": baskets, "wishlists": wishlists, "stock_alerts": stock_alerts,
    "email_history": email_history, "notifications": notifications, "saved_cards": saved_cards,
    "stripe_saved_cards": stripe_saved_cards, "stripe_customer": stripe_customer,
    "shopping_statistics": shopping_statistics, "product_views": product_views,
    "analytics_searches": analytics_searches, "contact_messages": contact_messages,
    "two_factor_apps": two_factor_apps, "recovery_codes": recovery_codes,
    "basket_reminders": basket_reminders, "basket_reminder_consents": basket_reminder_consents,
}


def customer_data(user):
    person = Person(user)
    document = {"exported_at": timezone.now().isoformat()}
    for holding in sorted(HOLDINGS, key=lambda h: h.section != "account"):  # the account first
        if holding.section:
            document[holding.section] = SECTIONS[holding.section](holding.find(person), person)
    return document
