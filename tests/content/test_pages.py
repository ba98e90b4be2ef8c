"""Every page type renders with every block, showing readers live catalogue data."""
import datetime

import pytest
from django.utils import timezone
from oscar.test import factories

from content.models import BlogPage, PromotionPage, StandardPage
from tests.factories import VIDEO_URL, grid_block, make_product, paragraph, product_block, publish

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def running_promotion(promotions):
    now = timezone.now()
    return publish(promotions, PromotionPage(
        title="Autumn restock", slug="autumn", banner_text="Ten percent off the pantry this week",
        starts_at=now - datetime.timedelta(days=1), ends_at=now + datetime.timedelta(days=6)))


def every_block(products, category, picture, promotion):
    jam, marmalade, paste = products
    return [
        {"type": "heading", "value": "From the larder"},
        paragraph("<p>Small batches, <b>more fruit</b> than sugar.</p>"),
        {"type": "image", "value": {"image": picture.pk, "caption": "The jam kitchen at dawn"}},
        {"type": "quote", "value": {"text": "If you rush marmalade, it tastes of sugar.", "attribution": "Ruth"}},
        {"type": "call_to_action", "value": {"title": "Fill the cupboard", "text": "Everything in the pantry.",
                                             "button_label": "Shop the pantry", "button_url": "/shop/catalogue/"}},
        {"type": "embed", "value": VIDEO_URL},
        product_block(jam, note="Our best seller"),
        grid_block("Hand-picked", products=[marmalade, paste]),
        grid_block("All preserves", category=category, source="category", limit=2),
        {"type": "category_tiles", "value": {"title": "Shop by aisle", "categories": [category.pk]}},
        {"type": "promotion_banner", "value": {"promotion": promotion.pk, "text": "Autumn: ten percent off"}},
    ]


def assert_every_block_shows(html, products, category):
    for text in ["From the larder", "<b>more fruit</b>", "The jam kitchen at dawn", "tastes of sugar.", "— Ruth",
                 "Shop the pantry", 'title="Marmalade day"', "Our best seller", "Hand-picked", "All preserves",
                 "Shop by aisle", "Autumn: ten percent off"]:
        assert text in html, text
    jam, marmalade, paste = products
    assert "Damson jam" in html and "$6.50" in html
    assert "Seville marmalade" in html and "$7.25" in html
    assert "Quince paste" in html and "Only 2 left" in html
    assert html.count(f'action="/shop/basket/add/{jam.pk}/"') == 2  # its own block and the category grid (A–Z, 2)
    assert category.get_absolute_url() in html
    assert '<img src="/media/' in html or "<img" in html


def test_standard_page_renders_every_block(client, standard_page, products, category, picture, stored_embed,
                                           running_promotion):
    standard_page.body = every_block(products, category, picture, running_promotion)
    standard_page.save_revision().publish()
    html = html_of(client, "/about/")
    assert "About us" in html and "Two people and a market stall." in html
    assert_every_block_shows(html, products, category)


def test_blog_post_renders_every_block_with_author_tags_and_hero(client, post, products, category, picture,
                                                                 stored_embed, running_promotion):
    post.body = every_block(products, category, picture, running_promotion)
    post.hero_image = picture
    post.tags.add("marmalade", "visits")
    post.save_revision().publish()
    html = html_of(client, post.url)
    assert "A morning at the marmalade kitchen" in html and "by Hannah Price" in html
    assert 'class="hero-image"' in html
    assert '?tag=marmalade" rel="tag">marmalade</a>' in html
    assert_every_block_shows(html, products, category)


def test_home_page_shows_hero_running_promotions_latest_posts_and_blocks(client, home, post, products, category,
                                                                          picture, stored_embed, running_promotion):
    home.body = every_block(products, category, picture, running_promotion)
    home.save_revision().publish()
    html = html_of(client, "/")
    assert "Good things for the kitchen" in html
    assert "Ten percent off the pantry this week" in html  # the running promotion's own banner
    assert "A morning at the marmalade kitchen" in html
    assert_every_block_shows(html, products, category)


def test_promotion_pages_list_and_show_what_they_promote(client, running_promotion, products, category):
    range_ = factories.RangeFactory(name="Preserves range")
    range_.add_product(products[1])
    running_promotion.range = range_
    running_promotion.voucher = factories.VoucherFactory(code="AUTUMN10")
    running_promotion.save_revision().publish()
    index = html_of(client, "/promotions/")
    assert "Autumn restock" in index and "Ten percent off the pantry this week" in index
    html = html_of(client, running_promotion.url)
    assert "Use code <strong><code>AUTUMN10</code></strong> at checkout" in html
    assert "Seville marmalade" in html and "$7.25" in html
    assert "Damson jam" not in html


def test_promotion_with_a_category_shows_that_category(client, running_promotion, products, category):
    other = make_product("Linen apron", "24.00")
    running_promotion.category = category
    running_promotion.save_revision().publish()
    html = html_of(client, running_promotion.url)
    assert "From Preserves" in html
    assert all(p.title in html for p in products) and other.title not in html


def test_contact_and_blog_index_render(client, contact, post):
    html = html_of(client, "/contact/")
    assert "Write to us." in html and 'name="email"' in html and 'name="message"' in html
    html = html_of(client, "/blog/")
    assert "Journal" in html and "A morning at the marmalade kitchen" in html and "/blog/feed/" in html


def test_blog_index_filters_by_tag_and_paginates(client, blog):
    for day in range(1, 13):
        page = BlogPage(title=f"Post {day:02d}", slug=f"post-{day}", date=datetime.date(2026, 1, day))
        page.tags.add("recipes" if day % 2 else "visits")
        publish(blog, page)
    first = html_of(client, "/blog/")
    assert "Post 12" in first and "Post 03" in first and "Post 02" not in first and "Page 1 of 2" in first
    second = html_of(client, "/blog/?page=2")
    assert "Post 02" in second and "Post 01" in second and "Post 12" not in second
    tagged = html_of(client, "/blog/?tag=visits")
    assert "Post 12" in tagged and "Post 02" in tagged and "Post 11" not in tagged and "tagged “visits”" in tagged
    assert "Page 1 of 1" not in tagged
    for bad in ["?page=abc", "?page=999", "?tag=%3Cscript%3E"]:
        assert client.get("/blog/" + bad).status_code == 200
    assert "&lt;script&gt;" in html_of(client, "/blog/?tag=%3Cscript%3E")


def test_product_hidden_after_publishing_disappears_from_the_page(client, post, products):
    post.body = [product_block(products[0])]
    post.save_revision().publish()
    products[0].is_public = False
    products[0].save()
    html = html_of(client, post.url)
    assert "Damson jam" not in html


def test_breadcrumbs_header_categories_and_footer_settings(client, post, standard_page, category):
    from content.models import SiteFooter

    footer = SiteFooter.for_site(StandardPage.objects.get().get_site())
    footer.email, footer.phone, footer.address = "hello@larder.example", "+1 555 0100", "1 Grain Store Lane"
    footer.links = [{"type": "link", "value": {"label": "Our story", "page": standard_page.pk, "url": ""}},
                    {"type": "link", "value": {"label": "Wholesale", "page": None, "url": "/wholesale/"}}]
    footer.save()
    html = html_of(client, post.url)
    assert '<li class="breadcrumb-item"><a href="/">Home</a></li>' in html
    assert '<li class="breadcrumb-item"><a href="/blog/">Journal</a></li>' in html
    assert 'aria-current="page">A morning at the marmalade kitchen</li>' in html
    pantry = category.get_parent()
    assert f'<a href="{pantry.get_absolute_url()}"' in html and ">Pantry</a>" in html  # top-level category in the menu
    assert '<a href="/blog/"' in html and ">Journal</a>" in html  # show_in_menus page
    assert 'href="/about/">Our story</a>' in html and 'href="/wholesale/">Wholesale</a>' in html
    assert "hello@larder.example" in html and "+1 555 0100" in html and "1 Grain Store Lane" in html


def test_every_page_has_title_description_and_open_graph_tags(client, post, products, category):
    post.search_description = "How Ruth's kitchen makes marmalade."
    post.save_revision().publish()
    html = html_of(client, post.url)
    assert "<title>A morning at the marmalade kitchen | " in html
    assert '<meta name="description" content="How Ruth&#x27;s kitchen makes marmalade.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="http://testserver{post.url}">' in html

    product = html_of(client, products[0].get_absolute_url())
    assert '<meta property="og:title" content="Damson jam">' in product
    assert '<meta property="og:type" content="product">' in product
    category_html = html_of(client, category.get_absolute_url())
    assert '<meta property="og:title" content="Preserves">' in category_html
    basket = html_of(client, "/shop/basket/")
    assert '<meta property="og:site_name"' in basket and '<meta name="description" content="' in basket
