"""Placing the shop's own pages in Oscar's dashboard menu (OSCAR_DASHBOARD_NAVIGATION).

Settings import this module, so it must not import Django models or settings. Each app's
page goes either beside an Oscar page it belongs with (tax rates beside the shipping
methods, returns beside the orders) or at the end of the menu, with who may see it.
"""


def beside(navigation, sibling_url_name, entry):
    """The menu with `entry` added to the group holding the page named `sibling_url_name`."""
    return [
        {**item, "children": [*item["children"], entry]}
        if any(child.get("url_name") == sibling_url_name for child in item.get("children", [])) else item
        for item in navigation
    ]


def with_permission(perm):
    """An access check for a menu entry: staff holding `perm` ("app.codename")."""
    return lambda user, *args, **kwargs: user.is_staff and user.has_perm(perm)


def for_staff(user, *args, **kwargs):
    return user.is_staff
