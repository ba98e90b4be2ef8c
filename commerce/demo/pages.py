"""Publishes the demo site's Wagtail pages and makes the home page the site root.

Wagtail's migrations leave a "Welcome to your new Wagtail site!" page as the root of
the default Site. We add our HomePage beside it, point the default Site at it and
delete the welcome page (only if it is still the bare placeholder). Every other page
is found by its slug under its parent before anything is created, and pages that
exist are left alone: an editor's changes and the promotion's dates survive re-runs.
"""
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from commandline.progress import Progress
from content.models import (
    BlogIndexPage,
    BlogPage,
    ContactFormField,
    ContactPage,
    HomePage,
    PromotionIndexPage,
    PromotionPage,
    StandardPage,
)

from . import pages_data as data
from .pages_shoppable import category_at, fill_footer, promotion_offer, resolve

HOME_SLUG = "home"


def load_pages(stream, *, verbose=True):
    """Create the home page, site record and content pages that are missing."""
    steps = [_about, _delivery, _contact, _promotions, _blog, _footer]  # blog posts link to the promotion
    with Progress(stream, "Pages", 1 + len(steps), enabled=verbose) as bar, transaction.atomic():
        before = Page.objects.count()
        home = _home_page()
        _point_default_site_at(home)
        _remove_welcome_page(home)
        bar.advance()
        for step in steps:
            step(home)
            bar.advance()
        if Page.objects.count() == before:
            bar.finish("already there")


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def _home_page():
    home = HomePage.objects.first()  # max_count = 1: the type is the natural key
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # The welcome page may still hold the slug "home"; take a temporary one until it is gone.
    slug = HOME_SLUG if not root.get_children().filter(slug=HOME_SLUG).exists() else "larder-and-loom-home"
    home = HomePage(title=data.HOME["title"], slug=slug, hero_title=data.HOME["hero_title"],
                    hero_text=data.HOME["hero_text"], body=resolve(data.HOME["body"]))
    return _publish(root, home)


def _point_default_site_at(home):
    """Make the home page the root of the default Site, so any host name (127.0.0.1:8000, testserver) serves it."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.filter(hostname="localhost").first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name=settings.WAGTAIL_SITE_NAME)
        return
    changed = []
    if site.root_page_id != home.pk:
        site.root_page = home
        changed.append("root_page")
    if not site.is_default_site:
        site.is_default_site = True
        changed.append("is_default_site")
    if not site.site_name:
        site.site_name = settings.WAGTAIL_SITE_NAME
        changed.append("site_name")
    if changed:
        site.save()


def _remove_welcome_page(home):
    """Delete Wagtail's placeholder page once nothing points at it; then the home page takes its slug."""
    welcome = Page.get_first_root_node().get_children().exclude(pk=home.pk).filter(slug=HOME_SLUG).first()
    is_placeholder = (
        welcome is not None
        and welcome.specific_class is Page
        and welcome.numchild == 0
        and not Site.objects.filter(root_page=welcome).exists()
    )
    if is_placeholder:
        welcome.delete()
        welcome = None
    if welcome is None and home.slug != HOME_SLUG:
        home.slug = HOME_SLUG
        home.save_revision().publish()
        # publish() saves a copy built from the revision; reload so children get the new url_path.
        home.refresh_from_db()


def _standard_page(home, copy, *, in_menu):
    if _child(home, copy["slug"]) is None:
        _publish(home, StandardPage(title=copy["title"], slug=copy["slug"], intro=copy["intro"],
                                    body=resolve(copy["body"]), show_in_menus=in_menu))


def _about(home):
    _standard_page(home, data.ABOUT, in_menu=True)


def _delivery(home):
    _standard_page(home, data.DELIVERY, in_menu=False)


def _contact(home):
    copy = data.CONTACT
    if _child(home, copy["slug"]) is not None:
        return
    page = ContactPage(title=copy["title"], slug=copy["slug"], intro=copy["intro"],
                       thank_you_text=copy["thank_you_text"], show_in_menus=True)
    for order, field in enumerate(copy["fields"]):
        page.form_fields.add(ContactFormField(sort_order=order, **field))
    _publish(home, page)


def _index(home, page_class, copy):
    """The listing page made from `copy` under home, made now if it isn't there yet."""
    index = _child(home, copy["slug"])
    if index is None:
        index = _publish(home, page_class(title=copy["title"], slug=copy["slug"], intro=copy["intro"],
                                          show_in_menus=True))
    return index


def _blog(home):
    index = _index(home, BlogIndexPage, data.BLOG_INDEX)
    for copy in data.BLOG_POSTS:
        if _child(index, copy["slug"]) is None:
            fields = {**copy, "body": resolve(copy["body"])}
            tags = fields.pop("tags", [])
            post = BlogPage(**fields)
            post.tags.add(*tags)
            _publish(index, post)


def _promotions(home):
    index = _index(home, PromotionIndexPage, data.PROMOTION_INDEX)
    promo = data.PROMOTION
    if _child(index, promo["slug"]) is None:
        # Dates are set once, when the promotion is first created; re-runs must not move them.
        starts_at = timezone.now().replace(minute=0, second=0, microsecond=0)
        # Publishing sets the offer's start and end to the page's window (PromotionPage.sync_offer_window).
        _publish(index, PromotionPage(title=promo["title"], slug=promo["slug"], banner_text=promo["banner_text"],
                                      body=resolve(promo["body"]), starts_at=starts_at,
                                      ends_at=starts_at + datetime.timedelta(days=promo["running_days"]),
                                      offer=promotion_offer(promo["offer"]), category=category_at(promo["category"])))


def _footer(home):
    fill_footer(home, data.FOOTER)
