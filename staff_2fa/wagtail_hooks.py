"""Editors reach their two-factor page from the CMS menu (merchandisers from the dashboard's)."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def two_factor_menu_item():
    return MenuItem("Two-factor sign-in", reverse("staff_2fa:manage"), icon_name="key", order=10000)
