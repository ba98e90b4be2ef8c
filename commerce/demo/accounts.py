"""Staff accounts for trying the two back offices: a merchandiser and an editor.

Their passwords are printed in the README and by the command, so they may only exist
on a developer's machine: accounts are created only when settings.DEBUG is on. In a
non-debug run nothing is created, and any demo account that still accepts its
published password is reported so someone can disable it.

Oscar's dashboard (4.x) checks model permissions view by view (see the
`permissions_map` of each oscar.apps.dashboard.*.apps config), so the merchandiser
gets a "Merchandisers" group with the shop's model permissions rather than
superuser rights. The editor joins Wagtail's own "Editors" group, which carries
"access admin" and page permissions from Wagtail's migrations.
"""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction

MERCHANDISERS_GROUP = "Merchandisers"
EDITORS_GROUP = "Editors"

# Apps whose models the dashboard manages: products and categories, stock, orders,
# offers, vouchers, reviews, reports, shipping and email templates.
MERCHANDISER_APPS = ["catalogue", "partner", "order", "offer", "voucher", "reviews", "analytics", "shipping",
                     "communication", "address", "payment"]
# Customer look-ups for order support, without the right to edit people.
MERCHANDISER_EXTRA = [("accounts", "view_user")]


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    first_name: str
    last_name: str
    door: str


MERCHANDISER = DemoAccount("merchandiser", "merchandiser@larderandloom.example", "larder-merch-demo-2026",
                           "Mara", "Quinn", "/shop/dashboard/")
EDITOR = DemoAccount("editor", "editor@larderandloom.example", "larder-editor-demo-2026",
                     "Eddie", "Marsh", "/cms/")
DEMO_ACCOUNTS = [MERCHANDISER, EDITOR]


@transaction.atomic
def ensure_demo_accounts():
    """Create the demo staff accounts that are missing. Existing accounts keep their passwords."""
    User = get_user_model()
    merchandisers = _merchandisers_group()
    editors = _editors_group()
    for account, group, is_staff in ((MERCHANDISER, merchandisers, True), (EDITOR, editors, False)):
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User.objects.create_user(email=account.email, password=account.password,
                                            first_name=account.first_name, last_name=account.last_name)
            if is_staff:  # Oscar's create_user sets is_staff itself, so it can't be passed in
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)


def demo_accounts_with_known_passwords():
    """Demo accounts that still accept their published password (a risk outside development)."""
    User = get_user_model()
    found = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email, is_active=True).first()
        # hashers.check_password, not user.check_password: the latter may re-hash and save the user.
        if user is not None and check_password(account.password, user.password):
            found.append(account)
    return found


def _merchandisers_group():
    group, _ = Group.objects.get_or_create(name=MERCHANDISERS_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=MERCHANDISER_APPS)
    for app_label, codename in MERCHANDISER_EXTRA:
        wanted = wanted | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    missing = wanted.exclude(pk__in=group.permissions.values("pk"))
    if missing.exists():
        group.permissions.add(*missing)
    return group


def _editors_group():
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access_admin and not group.permissions.filter(pk=access_admin.pk).exists():
        group.permissions.add(access_admin)
    if created:
        _grant_page_editing(group)
    return group


def _grant_page_editing(group):
    """Page rights for an Editors group we had to create ourselves (Wagtail's migrations normally do it)."""
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
