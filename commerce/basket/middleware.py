"""Oscar's basket middleware, with each request a scope of its own for offer range answers
(commerce/offer/models.py), so nothing learnt while pricing one basket reaches the next request."""
from oscar.apps.basket import middleware

from commerce.offer.models import request_scope


class BasketMiddleware(middleware.BasketMiddleware):
    def __call__(self, request):
        with request_scope():
            return super().__call__(request)
