"""The site's URLs plus /__bench__/trivial/: the cheapest answer behind our middleware."""
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urls


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/trivial/", trivial), *site_urls]
