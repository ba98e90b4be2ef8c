"""Editors run Wagtail and can't open the Oscar dashboard; merchandisers run the dashboard and can't publish pages."""
import pytest
from django.contrib.auth.models import Group

from commerce.accounts.roles import EDITORS, MERCHANDISERS
from tests.factories import edit_form_data, publish_through_the_admin

pytestmark = pytest.mark.django_db


def test_both_groups_exist_after_migrate_with_their_rights():
    editors, merchandisers = Group.objects.get(name=EDITORS), Group.objects.get(name=MERCHANDISERS)
    editor_perms = {f"{p.content_type.app_label}.{p.codename}" for p in editors.permissions.all()}
    assert "wagtailadmin.access_admin" in editor_perms
    assert not any(p.startswith(("catalogue.", "partner.", "order.", "offer.")) for p in editor_perms)
    assert {"content.add_productstory", "content.change_productstory", "content.publish_productstory"} <= editor_perms
    assert {"add_page", "change_page", "publish_page"} <= set(
        editors.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_image", "choose_image", "add_document"} <= set(
        editors.collection_permissions.values_list("permission__codename", flat=True))
    merch_perms = {f"{p.content_type.app_label}.{p.codename}" for p in merchandisers.permissions.all()}
    assert {"catalogue.change_product", "partner.change_stockrecord", "offer.change_conditionaloffer",
            "order.change_order"} <= merch_perms
    assert "wagtailadmin.access_admin" not in merch_perms and not merchandisers.page_permissions.exists()


def test_an_editor_publishes_pages_but_cannot_open_the_dashboard(client, editor, standard_page):
    client.force_login(editor)
    response = publish_through_the_admin(client, standard_page, "About Larder & Loom")
    assert response.status_code == 302
    standard_page.refresh_from_db()
    assert standard_page.title == "About Larder & Loom" and standard_page.live
    for url in ["/shop/dashboard/", "/shop/dashboard/catalogue/", "/shop/dashboard/offers/"]:
        refused = client.get(url)
        assert refused.status_code == 403 or "/accounts/login/" in refused["Location"], url


def test_a_merchandiser_runs_the_dashboard_but_cannot_publish_pages(client, merchandiser, editor, standard_page):
    client.force_login(merchandiser)
    assert client.get("/shop/dashboard/catalogue/").status_code == 200
    assert client.get("/cms/").status_code == 302  # sent to the Wagtail login
    client.force_login(editor)
    data = edit_form_data(client, standard_page)
    data["title"], data["action-publish"] = "Hijacked", "action-publish"
    client.force_login(merchandiser)
    response = client.post(f"/cms/pages/{standard_page.pk}/edit/", data)
    assert response.status_code in (302, 403) and "/cms/login/" in response.get("Location", "/cms/login/")
    standard_page.refresh_from_db()
    assert standard_page.title == "About us"
    assert "Hijacked" not in client.get("/about/").content.decode()


def test_demo_accounts_belong_to_the_groups(settings):
    from django.contrib.auth import get_user_model

    from commerce.demo.accounts import EDITOR, MERCHANDISER, ensure_demo_accounts

    settings.DEBUG = True
    ensure_demo_accounts()
    users = get_user_model().objects
    assert list(users.get(email=EDITOR.email).groups.values_list("name", flat=True)) == [EDITORS]
    assert MERCHANDISERS in users.get(email=MERCHANDISER.email).groups.values_list("name", flat=True)


def test_a_new_page_is_never_created_behind_the_editors_back(editor_client, blog):
    """No background autosave on the new-page form: a Publish clicked while it was in flight
    created the page twice and failed on the slug (Wagtail 8, WAGTAIL_AUTOSAVE_INTERVAL)."""
    html = editor_client.get(f"/cms/pages/add/content/blogpage/{blog.pk}/").content.decode()
    form = html[html.index('<form'):html.index(">", html.index('<form'))]
    assert "w-unsaved" in form and "w-autosave" not in form
