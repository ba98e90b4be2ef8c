"""The site's URLs plus the trivial views that set the ceilings, behind all of our middleware.

/__bench__/trivial/ is the cheapest answer an anonymous visitor can get. A signed-in page
pays more before its view even runs: the session is read from the cache and the user
from the database. /__bench__/trivial/signed-in/ pays exactly that and nothing more, so a
signed-in page's share of it is what the page itself costs.
"""
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urls


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def trivial_signed_in(request):
    """Loads the session and the user (request.user is lazy); refuses a visitor who is not
    signed in, so a benchmark whose session cookie has stopped working fails loudly."""
    if not request.user.is_authenticated:
        return HttpResponse("not signed in", status=403, content_type="text/plain")
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("__bench__/trivial/", trivial), path("__bench__/trivial/signed-in/", trivial_signed_in),
               *site_urls]
