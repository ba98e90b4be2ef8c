"""What the shared header needs on every page: menu pages and top-level categories.

Both are lazy: the menu is usually a shared fragment (pagecache/), and then neither the
site, its pages nor the categories are looked up at all.
"""
from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_model
from wagtail.models import Site

Category = get_model("catalogue", "Category")


def _menu_categories():
    public = Category.get_root_nodes().filter(is_public=True, exclude_from_menu=False)
    return list(public.only("id", "name", "slug", "path", "depth"))


def _menu_pages(request):
    # Plain Page rows carry everything a menu link needs; deferring fields made each link
    # load its page again, field by field.
    site = Site.find_for_request(request)
    return list(site.root_page.get_children().live().in_menu()) if site else []


def site_navigation(request):
    """Top-level pages marked "show in menus" and the public top-level categories (queried only if shown)."""
    return {
        "menu_pages": SimpleLazyObject(lambda: _menu_pages(request)),
        "menu_categories": SimpleLazyObject(_menu_categories),
    }
