"""Site search and catalogue browsing.

This app *is* Oscar's search app (label "search"), so Oscar's catalogue URLs pick up
our CatalogueView and ProductCategoryView through its class loader instead of the
haystack-bound originals.
"""
from django.db.models.signals import post_migrate
from django.urls import path
from oscar.apps.search import apps


def _ensure_sqlite_full_text(using="default", **kwargs):
    """SQLite drops triggers when a migration rebuilds catalogue_product; put them back."""
    from django.db import connections

    from .backends import sqlite_fts

    sqlite_fts.ensure(connections[using])


class SearchConfig(apps.SearchConfig):
    name = "search"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import indexing, views

        self.search_view = views.SiteSearchView
        self.autocomplete_view = views.AutocompleteView
        indexing.connect()
        post_migrate.connect(_ensure_sqlite_full_text, sender=self, dispatch_uid="search-sqlite-fts")

    def get_urls(self):
        urls = [
            path("", self.search_view.as_view(), name="search"),
            path("autocomplete/", self.autocomplete_view.as_view(), name="autocomplete"),
        ]
        return self.post_process_urls(urls)
