"""Crawlers and feed readers: /sitemap.xml, /robots.txt and the blog's RSS and Atom feeds are valid XML."""
import datetime

import pytest
from defusedxml import ElementTree

from content.models import BlogPage, StandardPage
from tests.factories import publish

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def xml_of(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ElementTree.fromstring(response.content)


@pytest.fixture
def posts(blog):
    made = []
    for day, (title, tag) in enumerate([("Five ways with sumac", "recipes"), ("Meet the weavers", "visits")], 1):
        post = BlogPage(title=title, slug=title.lower().replace(" ", "-"), author="Tom Aldridge",
                        intro=f"{title}: an introduction.", date=datetime.date(2026, 6, day))
        post.tags.add(tag)
        made.append(publish(blog, post))
    return made


def test_sitemap_lists_pages_products_and_categories(client, standard_page, posts, products, category):
    draft = StandardPage(title="Secret draft", slug="secret", live=False)
    standard_page.get_parent().add_child(instance=draft)
    hidden = products[2]
    hidden.is_public = False
    hidden.save()

    root = xml_of(client, "/sitemap.xml", "application/xml")
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    paths = {loc.split("/", 3)[3] for loc in locations}
    assert {"", "about/", "blog/", "blog/five-ways-with-sumac/", "blog/meet-the-weavers/"} <= paths
    for product in products[:2]:
        assert f"http://testserver{product.get_absolute_url()}" in locations
    assert f"http://testserver{category.get_absolute_url()}" in locations
    assert f"http://testserver{category.get_parent().get_absolute_url()}" in locations
    assert not any("secret" in loc or hidden.get_absolute_url() in loc for loc in locations)


def test_rss_feed_lists_the_posts_newest_first(client, posts):
    channel = xml_of(client, "/blog/feed/", "application/rss+xml").find("channel")
    assert channel.findtext("title").startswith("Journal")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Meet the weavers", "Five ways with sumac"]
    assert items[0].findtext("link") == "http://testserver/blog/meet-the-weavers/"
    assert items[0].findtext("description") == "Meet the weavers: an introduction."
    assert items[0].findtext("category") == "visits"
    assert "2026" in items[0].findtext("pubDate")


def test_atom_feed_lists_the_same_posts(client, posts):
    feed = xml_of(client, "/blog/feed/atom/", "application/atom+xml")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Meet the weavers", "Five ways with sumac"]
    assert entries[1].find(f"{ATOM}link").get("href") == "http://testserver/blog/five-ways-with-sumac/"
    assert entries[1].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Tom Aldridge"


def test_robots_txt_points_at_the_sitemap_and_keeps_back_offices_out(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ["/cms/", "/shop/dashboard/", "/shop/checkout/", "/shop/basket/"]:
        assert f"Disallow: {path}" in text
    assert "Disallow: /shop/catalogue/" not in text and "Disallow: /\n" not in text
