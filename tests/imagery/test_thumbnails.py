"""Product pictures: every size made once, after the upload commits; pages only look them up.

Given a product picture, when it is saved, then a worker (eager here) makes all its sizes;
when a page shows a picture whose sizes are missing, nothing is drawn during the request:
the original is shown and the sizes are queued.
"""
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.template import Context, Template
from oscar.test.factories import ProductImageFactory
from PIL import Image
from sorl.thumbnail import default, get_thumbnail

from imagery import tasks
from imagery.sizes import PRODUCT_IMAGE_USES, all_product_specs
from imagery.thumbnails import existing, make_thumbnails, planned
from pagecache.store import forget_all_pages
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def jpeg(width=1000, height=750, name="pantry-shelf.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#c8643b").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name=name)


def thumbnail_files():
    """Every file sorl has written (THUMBNAIL_PREFIX is cache/)."""
    return {p for p in (Path(settings.MEDIA_ROOT) / "cache").rglob("*") if p.is_file()}


def every_size(name):
    return [planned(name, geometry, options) for geometry, options in all_product_specs()]


def imgs(html, selector):
    return BeautifulSoup(html, "html.parser").select(selector)


@pytest.fixture
def spy_delay(monkeypatch):
    """Records what would be sent to the worker instead of running it."""
    sent = []
    monkeypatch.setattr(tasks.make_product_thumbnails, "delay", lambda *args: sent.append(args))
    return sent


@pytest.fixture
def pictured(category, committed):
    """A product whose picture (1000 × 750) has been uploaded and its sizes made."""
    product = make_product("Damson jam", "6.50", category=category)
    with committed():
        ProductImageFactory(product=product, original=jpeg())
    return product


@pytest.fixture
def unmade(category):
    """A product whose picture was saved but whose sizes were never made (the worker never ran)."""
    product = make_product("Seville marmalade", "7.25", category=category)
    ProductImageFactory(product=product, original=jpeg(name="marmalade.jpg"))  # on-commit work not run
    caches["default"].clear()  # and the upload's "queued" marker has expired
    return product


def test_planned_names_are_the_names_sorl_gives(category):
    image = ProductImageFactory(product=make_product("Quince paste", category=category), original=jpeg())
    for geometry, options in all_product_specs():
        assert get_thumbnail(image.original, geometry, **options).name == \
            planned(image.original.name, geometry, options).name


def test_saving_a_product_image_makes_every_size(pictured):
    name = pictured.primary_image().original.name
    made = existing(every_size(name))
    assert set(made) == {plan.name for plan in every_size(name)}
    assert all(default.storage.exists(thumb_name) for thumb_name in made)
    widths = sorted(thumb.width for thumb in made.values())
    assert widths == [100, 200, 400, 600, 800, 1000]  # 1200 wide is capped at the original's 1000: no enlarging


def test_the_upload_queues_one_job_after_commit_and_draws_nothing_itself(category, spy_delay,
                                                                        django_capture_on_commit_callbacks):
    product = make_product("Pear chutney", category=category)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = ProductImageFactory(product=product, original=jpeg())
    assert spy_delay == [] and thumbnail_files() == set()
    for callback in callbacks:
        callback()
    assert spy_delay == [(image.original.name, None, False)]


def test_a_card_whose_sizes_are_missing_shows_the_original_and_queues_them(client, unmade, spy_delay,
                                                                           django_capture_on_commit_callbacks):
    category = unmade.categories.get()
    original = unmade.primary_image().original
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        html = client.get(category.get_absolute_url()).content.decode()
    assert thumbnail_files() == set(), "the request drew a thumbnail"
    [img] = imgs(html, ".product-card img")
    assert img["src"] == original.url and not img.has_attr("srcset")
    assert (img["width"], img["height"], img["loading"]) == ("400", "400", "lazy")

    for callback in callbacks:
        callback()
    assert spy_delay == [(original.name, None, False)]

    with django_capture_on_commit_callbacks(execute=False) as again:
        client.get(category.get_absolute_url())
    assert again == [], "a picture already queued is not queued again by the next shopper"


def test_once_the_job_has_run_the_card_offers_every_width(client, unmade, django_capture_on_commit_callbacks):
    category = unmade.categories.get()
    with django_capture_on_commit_callbacks(execute=True):  # the queued job runs (eager worker)
        client.get(category.get_absolute_url())
    assert thumbnail_files()

    [img] = imgs(client.get(category.get_absolute_url()).content.decode(), ".product-card img")
    widths = [candidate.split()[-1] for candidate in img["srcset"].split(", ")]
    assert widths == ["200w", "400w", "800w"]
    assert img["sizes"] == PRODUCT_IMAGE_USES["card"].sizes
    assert (img["width"], img["height"], img["alt"]) == ("400", "400", "")
    assert "/cache/" in img["src"] and f"{img['src']} 400w" in img["srcset"]


def test_new_sizes_of_a_picture_forget_only_the_pages_showing_its_product(unmade, django_capture_on_commit_callbacks):
    from django.test import Client

    elsewhere = make_product("Linen napkins", "18.00")
    Client().get(elsewhere.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):  # the queued job runs (eager worker)
        Client().get(unmade.get_absolute_url())
    assert Client().get(elsewhere.get_absolute_url())["X-Page-Cache"] == "hit"
    [img] = imgs(Client().get(unmade.get_absolute_url()).content.decode(), "#product_gallery img")
    assert img.has_attr("srcset")


def test_product_page_and_basket_lines_have_srcset(client, pictured):
    page = client.get(pictured.get_absolute_url()).content.decode()
    [img] = imgs(page, "#product_gallery img")
    assert [c.split()[-1] for c in img["srcset"].split(", ")] == ["600w", "1000w"]
    assert img["alt"] == pictured.get_title() and img["loading"] == "eager"

    client.post(f"/shop/basket/add/{pictured.pk}/", {"quantity": 1})
    [line_img] = imgs(client.get("/shop/basket/").content.decode(), ".basket-items img")
    assert [c.split()[-1] for c in line_img["srcset"].split(", ")] == ["100w", "200w"]
    assert line_img["sizes"] == "100px"


def test_a_listing_asks_the_cache_about_all_its_pictures_at_once(client, category, monkeypatch):
    kv_cache = default.kvstore.cache
    lookups = []
    real_get_many = kv_cache.get_many
    monkeypatch.setattr(kv_cache, "get_many", lambda keys, *a, **kw: lookups.append(list(keys)) or
                        real_get_many(keys, *a, **kw))

    def picture_lookups():
        client.get(category.get_absolute_url())
        forget_all_pages()  # as the next catalogue commit would: the listing is rendered again
        lookups.clear()
        client.get(category.get_absolute_url())
        return [keys for keys in lookups if any(key.startswith("sorl-thumbnail") for key in keys)]

    for i in range(3):
        ProductImageFactory(product=make_product(f"Jar {i}", category=category), original=jpeg(name=f"jar{i}.jpg"))
    three = picture_lookups()
    for i in range(3, 12):
        ProductImageFactory(product=make_product(f"Jar {i}", category=category), original=jpeg(name=f"jar{i}.jpg"))
    twelve = picture_lookups()
    assert len(three) == len(twelve) == 1, (three, twelve)
    assert len(twelve[0]) == 12 * len(PRODUCT_IMAGE_USES["card"].widths)


def test_oscars_own_thumbnail_tag_shows_the_original_and_queues_the_size(unmade, django_capture_on_commit_callbacks):
    template = Template('{% load image_tags %}{% oscar_thumbnail image.original "70x70" crop="center" as thumb %}'
                        '{{ thumb.url }}')
    image = unmade.primary_image()
    with django_capture_on_commit_callbacks(execute=True):
        assert template.render(Context({"image": image})) == image.original.url
    assert len(thumbnail_files()) == 1  # made by the queued job, after the render
    assert "/cache/" in template.render(Context({"image": image}))


def test_forced_remake_restores_thumbnail_files_that_were_lost(pictured):
    name = pictured.primary_image().original.name
    for path in thumbnail_files():
        path.unlink()
    assert make_thumbnails(name) == 0  # sorl's store still lists them: nothing to do without --force
    assert make_thumbnails(name, force=True) == len(all_product_specs())
    assert all(default.storage.exists(plan.name) for plan in every_size(name))
