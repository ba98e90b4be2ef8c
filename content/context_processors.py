from wagtail.models import Site


def site_navigation(request):
    """Top-level pages marked "show in menus", for the shared header."""
    site = Site.find_for_request(request)
    if site is None:
        return {"menu_pages": []}
    root = site.root_page
    return {
        "site_root": root,
        "menu_pages": root.get_children().live().in_menu().specific(defer=True).only("title", "url_path", "slug"),
    }
