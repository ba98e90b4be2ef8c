"""localstripe for the browser journeys: `python localstripe_server.py PORT`.

The checkout's card step calls Stripe.js's `createPaymentMethod`, which localstripe's
Stripe.js stand-in leaves as an empty stub, and localstripe accepts a publishable key on
a few routes only, not on /v1/payment_methods where real Stripe.js sends the card. This
runner adds both, as Stripe does them: the stand-in served at /js.stripe.com/v3/ gets a
working `createPaymentMethod` (stripe_js_card.js), and a POST to /v1/payment_methods
with a `pk_` key in its form body creates the PaymentMethod. Everything else is
localstripe as tests/run_localstripe.py runs it (loopback only, nothing pickled to /tmp).
"""
import sys
from pathlib import Path

from aiohttp import web
from localstripe import resources, server
from localstripe.errors import UserError

resources.Store.dump_to_disk = lambda self: None
CARD_JS = Path(__file__).with_name("stripe_js_card.js").read_text()


@web.middleware
async def browser_card_methods(request, handler):
    if request.method == "GET" and request.path == "/js.stripe.com/v3/":
        response = await handler(request)
        return web.Response(text=response.text + CARD_JS, content_type="application/javascript")
    if request.method == "POST" and request.path == "/v1/payment_methods" and "Authorization" not in request.headers:
        data = await server.get_post_data(request, remove_auth=False) or {}
        if not str(data.pop("key", "")).startswith("pk_"):
            raise UserError(401, "Unauthorized")
        return server.json_response(resources.PaymentMethod._api_create(**data)._export())
    return await handler(request)


# After localstripe's error middleware (so UserError becomes a Stripe-style JSON error), before its auth check.
server.app.middlewares.insert(1, browser_card_methods)

if __name__ == "__main__":
    web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
