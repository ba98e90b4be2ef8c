"""The uncached part of a cached page: what differs per visitor.

A page served from the cache was rendered for somebody else, so the site script asks here
for this visitor's basket (count and total, as the header shows them) and a CSRF token
for the page's forms. Calling it also sets the CSRF cookie that token belongs to.
"""
from django.http import JsonResponse
from django.middleware.csrf import get_token
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
        "csrf_token": get_token(request),
    })
