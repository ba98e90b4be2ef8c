"""Staff accounts for trying the two back offices: a merchandiser and an editor.

Their passwords are printed in the README and by the command, so they may only exist
on a developer's machine: accounts are created only when settings.DEBUG is on. In a
non-debug run nothing is created, and any demo account that still accepts its
published password is reported so someone can disable it.

The merchandiser joins the "Merchandisers" group and the editor Wagtail's "Editors"
group (both kept up to date by commerce.accounts.roles), not superuser rights.
"""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction

from commerce.accounts import roles


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
    for account, give_role in ((MERCHANDISER, roles.make_merchandiser), (EDITOR, roles.make_editor)):
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User.objects.create_user(email=account.email, password=account.password,
                                            first_name=account.first_name, last_name=account.last_name)
        give_role(user)


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
