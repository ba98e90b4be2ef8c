from django.urls import path
from oscar.apps.search import apps


class SearchConfig(apps.SearchConfig):
    name = "search"

    def ready(self):
        from . import views

        self.search_view = views.SiteSearchView

    def get_urls(self):
        urls = [path("", self.search_view.as_view(), name="search")]
        return self.post_process_urls(urls)
