"""Crawler URLs and the recipe block's form, mounted in config/urls.py before Oscar and Wagtail's catch-all."""
from django.urls import path

from .recipes import add_recipe_to_basket
from .sitemaps import sitemap
from .views import robots_txt

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Under /shop/, so the page cache never keeps it (pagecache/policy.py).
    path("shop/recipe/add/", add_recipe_to_basket, name="recipe-add"),
]
