"""Wagtail pictures on pages: renditions made after upload, shown with srcset, never drawn on view."""
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from content.models import PromotionPage
from imagery import tasks
from imagery.sizes import PAGE_IMAGE_USES, all_page_filter_specs
from tests.factories import publish

WagtailImage = get_image_model()
pytestmark = pytest.mark.django_db


def upload(name="orchard.png", size=(1600, 1200)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#2f5d50").save(buffer, "PNG")
    return WagtailImage.objects.create(title="The orchard in May", file=ImageFile(buffer, name=name))


def figure_block(image, caption="Blossom"):
    return {"type": "image", "value": {"image": image.pk, "caption": caption}}


def widths(img):
    return [candidate.split()[-1] for candidate in img["srcset"].split(", ")]


def test_uploading_an_image_makes_every_rendition_the_pages_use(committed):
    with committed():
        image = upload()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(all_page_filter_specs())


def test_page_pictures_have_srcset_and_sizes(client, post, committed):
    with committed():
        image = upload()
    post.hero_image = image
    post.body = [figure_block(image)]
    post.save_revision().publish()

    made = image.renditions.count()
    soup = BeautifulSoup(client.get(post.url).content.decode(), "html.parser")
    assert image.renditions.count() == made  # the Open Graph picture (fill-1200x630) was made at upload too
    share = image.renditions.get(filter_spec="fill-1200x630")
    assert soup.select_one('meta[property="og:image"]')["content"].endswith(share.url)
    hero = soup.select_one("img.hero-image")
    assert widths(hero) == ["400w", "800w", "1200w"]
    assert hero["sizes"] == PAGE_IMAGE_USES["wide"].sizes and hero["alt"] == "The orchard in May"
    figure = soup.select_one("figure.block-image img")
    assert widths(figure) == ["400w", "800w", "1200w"] and figure["loading"] == "lazy"
    assert figure["sizes"] == PAGE_IMAGE_USES["figure"].sizes
    assert (figure["width"], figure["height"]) == ("800", "600")


def test_a_missing_rendition_is_not_drawn_during_the_request(client, post, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    image = upload()  # its renditions were queued at upload, but the worker never ran
    post.hero_image = image  # also the page's Open Graph picture
    post.body = [figure_block(image)]
    post.save_revision().publish()
    caches["default"].clear()  # the upload's "queued" marker has expired
    sent = []
    monkeypatch.setattr(tasks.make_page_image_renditions, "delay", lambda *args: sent.append(args))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        html = client.get(post.url).content.decode()
    assert image.renditions.count() == 0, "the request drew a rendition"
    img = BeautifulSoup(html, "html.parser").select_one("figure.block-image img")
    assert img["src"] == image.file.url and not img.has_attr("srcset")
    assert (img["width"], img["height"]) == ("1600", "1200")
    shared = BeautifulSoup(html, "html.parser").select_one('meta[property="og:image"]')["content"]
    assert shared.endswith(image.file.url)  # the original until the share crop is made

    for callback in callbacks:
        callback()
    assert sent == [(image.pk,)]


def test_the_home_hero_and_promotion_banner_use_their_crops(client, home, promotions, committed):
    now = timezone.now()
    running_promotion = publish(promotions, PromotionPage(
        title="Autumn restock", slug="autumn", banner_text="Ten percent off the pantry this week",
        starts_at=now - datetime.timedelta(days=1), ends_at=now + datetime.timedelta(days=6)))
    with committed():
        image = upload()
    home.hero_image = image
    home.save_revision().publish()
    running_promotion.banner_image = image
    running_promotion.save_revision().publish()

    hero = BeautifulSoup(client.get("/").content.decode(), "html.parser").select_one(".hero__image img")
    assert widths(hero) == ["400w", "800w", "1200w"] and (hero["width"], hero["height"]) == ("800", "600")
    banner = BeautifulSoup(client.get(running_promotion.url).content.decode(), "html.parser").select_one(
        "img.promotion__banner-image")
    assert widths(banner) == ["600w", "1200w", "1600w"]  # 1800 wide is capped at the original's 1600
    assert (banner["width"], banner["height"]) == ("1200", "400")
