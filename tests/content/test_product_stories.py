"""Product stories: editors write them in Wagtail, shoppers read the live one on the product page.

Page and fragment caches on, as in production; the editor's requests run inside
`committed()`, so cached pages are forgotten exactly when a real commit would forget them.
"""
import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import ProductStory
from tests.cached import visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]

STORIES = "/cms/snippets/content/productstory"


def story_form(product, heading, words, **actions):
    return nested_form_data({"product": product.pk, "heading": heading,
                             "body": streamfield([("paragraph", rich_text(f"<p>{words}</p>")),
                                                  ("quote", {"text": "Picked at dawn.", "attribution": "Our grower"})]),
                             "go_live_at": "", "expire_at": "", **actions})


def story_on(html):
    """The story section of a product page, or "" when it has none."""
    start = html.find('class="product-story')
    return html[start:html.find("</section>", start)] if start >= 0 else ""


def write(client, committed, url, product, heading, words, publish=False):
    actions = {"action-publish": "action-publish"} if publish else {}
    with committed():
        response = client.post(url, story_form(product, heading, words, **actions))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_an_editor_drafts_a_story_which_shoppers_see_only_once_it_is_published(editor_client, products, committed):
    jam = products[0]
    form = editor_client.get(f"{STORIES}/add/").content.decode()
    assert "Choose a product" in form  # the catalogue's product chooser
    visit(jam.get_absolute_url())
    assert visit(jam.get_absolute_url())[0] == "hit"  # cached before anything was written

    write(editor_client, committed, f"{STORIES}/add/", jam, "From the orchard", "Damsons from Shropshire.")
    story = ProductStory.objects.get(product=jam)
    assert not story.live
    answer, html = visit(jam.get_absolute_url())
    assert story_on(html) == "" and "Damsons from Shropshire" not in html

    write(editor_client, committed, f"{STORIES}/edit/{story.pk}/", jam, "From the orchard",
          "Damsons from Shropshire.", publish=True)
    answer, html = visit(jam.get_absolute_url())
    assert answer == "miss"
    shown = story_on(html)
    assert "From the orchard" in shown and "Damsons from Shropshire." in shown and "Picked at dawn." in shown
    assert visit(jam.get_absolute_url())[0] == "hit"
    assert story_on(visit(products[1].get_absolute_url())[1]) == ""  # only on its own product
    listing = editor_client.get(f"{STORIES}/")
    assert listing.status_code == 200 and "From the orchard" in listing.content.decode()


def test_a_new_draft_leaves_the_live_story_until_published_and_unpublishing_removes_it(
        editor_client, products, committed):
    jam = products[0]
    write(editor_client, committed, f"{STORIES}/add/", jam, "From the orchard", "First words.", publish=True)
    story = ProductStory.objects.get(product=jam)
    assert "First words." in story_on(visit(jam.get_absolute_url())[1])

    write(editor_client, committed, f"{STORIES}/edit/{story.pk}/", jam, "From the orchard", "Second thoughts.")
    html = visit(jam.get_absolute_url())[1]
    assert "First words." in story_on(html) and "Second thoughts." not in html

    with committed():
        response = editor_client.post(f"{STORIES}/unpublish/{story.pk}/")
    assert response.status_code == 302
    answer, html = visit(jam.get_absolute_url())
    assert answer == "miss" and story_on(html) == "" and "First words." not in html

    write(editor_client, committed, f"{STORIES}/edit/{story.pk}/", jam, "From the orchard", "Second thoughts.",
          publish=True)
    assert "Second thoughts." in story_on(visit(jam.get_absolute_url())[1])
    with committed():
        assert editor_client.post(f"{STORIES}/delete/{story.pk}/").status_code == 302
    assert story_on(visit(jam.get_absolute_url())[1]) == ""


def test_preview_shows_the_draft_on_the_product_page(editor_client, products, committed):
    jam = products[0]
    write(editor_client, committed, f"{STORIES}/add/", jam, "From the orchard", "Live words.", publish=True)
    story = ProductStory.objects.get(product=jam)

    preview = f"{STORIES}/preview/{story.pk}/"
    answer = editor_client.post(preview, story_form(jam, "From the orchard", "Draft words."))
    assert answer.json()["is_valid"]
    html = editor_client.get(preview).content.decode()
    assert "Draft words." in story_on(html) and "Live words." not in html
    assert jam.title in html and "6.50" in html  # the product page around it, with the catalogue's price
    assert "Live words." in story_on(visit(jam.get_absolute_url())[1])  # shoppers still read the live one


def test_each_version_of_a_product_shows_the_story_of_the_product(editor_client, category, committed):
    from tests.factories import make_variant_product

    throw, (rust, oatmeal) = make_variant_product("Lambswool throw", "colour", [("Rust", "80.00", 3),
                                                                                ("Oatmeal", "80.00", 3)], category)
    visit(rust.get_absolute_url())
    write(editor_client, committed, f"{STORIES}/add/", throw, "Woven in Wales", "Spun on the Teifi.", publish=True)
    for version in (throw, rust, oatmeal):
        assert "Spun on the Teifi." in story_on(visit(version.get_absolute_url())[1])


def test_one_story_per_product_is_said_plainly(editor_client, products, committed):
    jam = products[0]
    write(editor_client, committed, f"{STORIES}/add/", jam, "From the orchard", "Words.", publish=True)
    response = editor_client.post(f"{STORIES}/add/", story_form(jam, "Another", "More words."))
    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert ProductStory.objects.count() == 1


def test_shoppers_and_merchandisers_cannot_write_stories(client, shopper, merchandiser, products, committed):
    jam = products[0]
    for person in (shopper, merchandiser):
        client.force_login(person)
        with committed():
            response = client.post(f"{STORIES}/add/", story_form(jam, "Hijacked", "Not ours.",
                                                                  **{"action-publish": "action-publish"}))
        assert response.status_code in (302, 403) and "/cms/login/" in response.get("Location", "/cms/login/")
    assert not ProductStory.objects.exists()
    assert "Not ours." not in visit(jam.get_absolute_url())[1]


def test_a_story_scheduled_for_later_shows_once_wagtail_publishes_it(editor_client, products, committed):
    import datetime as dt
    import io

    from django.core.management import call_command
    from django.utils import timezone
    from freezegun import freeze_time

    jam = products[0]
    form = story_form(jam, "From the orchard", "Out on Friday.", **{"action-publish": "action-publish"})
    form["go_live_at"] = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    with committed():
        assert editor_client.post(f"{STORIES}/add/", form).status_code == 302
    assert story_on(visit(jam.get_absolute_url())[1]) == ""

    with freeze_time(timezone.now() + dt.timedelta(days=3)), committed():  # Friday has come
        call_command("publish_scheduled", stdout=io.StringIO())
    assert "Out on Friday." in story_on(visit(jam.get_absolute_url())[1])
