"""Crawler URLs, mounted in config/urls.py before Wagtail's page catch-all."""
from django.urls import path

from .sitemaps import sitemap
from .views import robots_txt

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
