"""The uncached part of a cached page: the visitor's basket.

A page served from the cache was rendered for an empty basket, so the site script asks
here for this visitor's basket count and total, as the header shows them. (The page's
CSRF tokens are made the visitor's own on the server: pagecache/middleware.py.)
"""
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from oscar.templatetags.currency_filters import currency


@never_cache
@require_GET
def visitor_state(request):
    basket = request.basket
    count = basket.num_items if basket.id else 0
    return JsonResponse({
        "basket": {
            "count": count,
            "total": currency(basket.total_incl_tax, basket.currency) if count else "",
        },
    })
