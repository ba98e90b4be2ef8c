"""Staff roles as Django groups: Merchandisers run the Oscar dashboard, Editors run Wagtail,
Marketing sends the newsletters editors write.

The groups are created by a data migration (accounts 0002_staff_roles) and refreshed
after every migrate (apps.py), because a later migration can add models whose
permissions a role should hold. Both paths call `ensure_roles`; the migration passes
its historical app registry, so every function here takes `apps`.

Oscar 4.2's dashboard checks model permissions view by view, so "is_staff" alone
opens only the dashboard's front page. Editors are not staff: the dashboard stays
closed to them, and Merchandisers lack "access_admin", so /cms/ stays closed to them.
Sending a newsletter to subscribers ("newsletter.send_newsletter") is Marketing's alone:
editors compose and test newsletters but can't mail the list (superusers hold every right).
"""
from django.apps import apps as global_apps

MERCHANDISERS = "Merchandisers"
EDITORS = "Editors"
MARKETING = "Marketing"

# Every permission of these apps (view/add/change/delete on each of their models):
# products and categories, stock, orders and payments, offers, vouchers, reviews,
# statistics, shipping methods, email templates, tax rates, returns, basket reminders and webhooks.
MERCHANDISER_APPS = ["catalogue", "partner", "order", "payment", "offer", "voucher", "reviews", "analytics",
                     "shipping", "communication", "reports", "tax", "returns", "basket_reminders", "webhooks"]
# Customer look-ups for order support, without the right to edit people.
MERCHANDISER_EXTRA = [("accounts", "view_user"),
                      # the undelivered-email page (outbox/dead_letters.py)
                      ("notifications", "view_outgoingemail"), ("notifications", "change_outgoingemail")]

# Editors: the Wagtail admin, publishing anywhere in the page tree, images and documents
# (Wagtail's own migrations give the Editors group its collection permissions), and the
# content app's settings and snippets (the footer, product stories).
EDITOR_EXTRA = [("wagtailadmin", "access_admin"), ("content", "view_sitefooter"), ("content", "change_sitefooter"),
                *(("content", f"{action}_productstory")
                  for action in ("view", "add", "change", "delete", "publish", "lock", "unlock")),
                # newsletters: write, publish (ready to send) and test, not send
                *(("newsletter", f"{action}_newsletter")
                  for action in ("view", "add", "change", "delete", "publish", "lock", "unlock"))]
# Marketing: into /cms/ to see the newsletters, count an audience and send or schedule.
MARKETING_PERMISSIONS = [("wagtailadmin", "access_admin"), ("newsletter", "view_newsletter"),
                         ("newsletter", "send_newsletter")]
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
EDITOR_COLLECTION_PERMISSIONS = [("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
                                 ("wagtailimages", "choose_image"), ("wagtaildocs", "add_document"),
                                 ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document")]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.none()
    for app_label, codename in pairs:
        found = found | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return found


def merchandiser_permissions(apps=global_apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label__in=MERCHANDISER_APPS) | _permissions(
        apps, MERCHANDISER_EXTRA)


def ensure_roles(apps=global_apps, **kwargs):
    """Create or refresh the staff groups (idempotent); returns the Merchandisers group."""
    ensure_editors(apps)
    ensure_marketing(apps)
    return ensure_merchandisers(apps)


def ensure_marketing(apps=global_apps):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=MARKETING)
    group.permissions.add(*_permissions(apps, MARKETING_PERMISSIONS))
    return group


def ensure_merchandisers(apps=global_apps):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=MERCHANDISERS)
    group.permissions.set(merchandiser_permissions(apps))
    return group


def ensure_editors(apps=global_apps):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=EDITORS)
    group.permissions.add(*_permissions(apps, EDITOR_EXTRA))
    _grant_page_editing(apps, group)
    _grant_collections(apps, group)
    return group


def _grant_page_editing(apps, group):
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:  # a flushed database (transactional tests) has no page tree yet
        return
    for permission in _permissions(apps, [("wagtailcore", c) for c in EDITOR_PAGE_PERMISSIONS]):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _grant_collections(apps, group):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    for permission in _permissions(apps, EDITOR_COLLECTION_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def make_editor(user):
    user.groups.add(ensure_editors())
    return user


def make_marketer(user):
    user.groups.add(ensure_marketing())
    return user


def make_merchandiser(user):
    """Give a user dashboard access as a merchandiser."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_roles())
    return user
