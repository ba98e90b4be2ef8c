"""Admin wiring: the catalogue choosers (products, categories, offers, vouchers, ranges)."""
from wagtail import hooks

from . import choosers


@hooks.register("register_admin_viewset")
def register_catalogue_choosers():
    return choosers.ALL
