"""Staff roles as Django groups, kept in step with the code after every migrate.

Oscar 4.2's dashboard checks model permissions view by view, so "is_staff" alone
opens only the dashboard's front page. A merchandiser runs catalogue, stock, offers,
vouchers, shipping and orders; editors are Wagtail's own "Editors" group.
"""
from django.contrib.auth.models import Group, Permission

MERCHANDISERS = "Merchandisers"
EDITORS = "Editors"

# Every permission of these apps (view/add/change/delete on each of their models):
# products and categories, stock, orders and payments, offers, vouchers, reviews,
# statistics, shipping methods and email templates.
MERCHANDISER_APPS = ["catalogue", "partner", "order", "payment", "offer", "voucher", "reviews", "analytics",
                     "shipping", "communication"]
# Customer look-ups for order support, without the right to edit people.
MERCHANDISER_EXTRA = [("accounts", "view_user")]


def merchandiser_permissions():
    perms = Permission.objects.filter(content_type__app_label__in=MERCHANDISER_APPS)
    for app_label, codename in MERCHANDISER_EXTRA:
        perms = perms | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return perms


def ensure_roles(**kwargs):
    """Create or refresh both staff groups (idempotent; runs on post_migrate)."""
    ensure_editors()
    return ensure_merchandisers()


def ensure_merchandisers():
    group, _ = Group.objects.get_or_create(name=MERCHANDISERS)
    group.permissions.set(merchandiser_permissions())
    return group


def ensure_editors():
    """Wagtail's migrations create "Editors" with page rights; make sure it can log in to /cms/."""
    group, created = Group.objects.get_or_create(name=EDITORS)
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(*access_admin)
    if created:
        _grant_page_editing(group)
    return group


def _grant_page_editing(group):
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def make_editor(user):
    user.groups.add(ensure_editors())
    return user


def make_merchandiser(user):
    """Give a user dashboard access as a merchandiser."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_roles())
    return user
