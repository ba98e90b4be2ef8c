"""Oscar's root app, mounted under /shop/.

Site search is served at /search/ by our own search app, so Oscar's /shop/search/
route is left out (one URL namespace "search" for the whole site), and /shop/ itself
opens the catalogue rather than Oscar's homepage redirect (Wagtail owns "/").
"""
from django.urls import path, reverse_lazy
from django.views.generic import RedirectView
from oscar import config


class Shop(config.Shop):
    def get_urls(self):
        urls = [
            p for p in super().get_urls()
            if str(p.pattern) not in ("", "search/")
        ]
        home = RedirectView.as_view(url=reverse_lazy("catalogue:index"))
        return [path("", home, name="home"), *urls]
