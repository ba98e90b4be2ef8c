"""What the shared header needs on every page: menu pages and top-level categories."""
from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_model
from wagtail.models import Site

Category = get_model("catalogue", "Category")


def _menu_categories():
    public = Category.get_root_nodes().filter(is_public=True, exclude_from_menu=False)
    return list(public.only("id", "name", "slug", "path", "depth"))


def site_navigation(request):
    """Top-level pages marked "show in menus" and the public top-level categories (queried only if shown)."""
    categories = SimpleLazyObject(_menu_categories)
    site = Site.find_for_request(request)
    if site is None:
        return {"menu_pages": [], "menu_categories": categories}
    root = site.root_page
    return {
        "site_root": root,
        # Plain Page rows carry everything a menu link needs; deferring fields made each link
        # load its page again, field by field.
        "menu_pages": root.get_children().live().in_menu(),
        "menu_categories": categories,
    }
