"""What a shared fragment may see: the page's content, never the person viewing it.

A shared fragment is rendered once and shown to everybody, signed in or not, so anything
it reads about the viewer (who they are, their session, basket, cookies, messages, staff
status, wish lists, stock alerts) would be shown to the next person. Fragments are
therefore rendered with those names replaced by `PerViewer` stand-ins and the request by
a `ViewerlessRequest` that passes on only what every viewer of the same URL shares (host,
path, query, language, Oscar's pricing strategy). Touching anything else raises
`PerViewerContent`: the fragment tag then renders that part for this viewer alone and
stores nothing, and with settings.SHARED_FRAGMENTS_STRICT (tests) the error is raised so
the template is fixed instead.

Pricing strategies must not depend on the viewer for this to hold; Oscar's default
strategy doesn't. A strategy that prices per customer must make fragments vary on it.
"""


class PerViewerContent(Exception):
    """A shared fragment tried to read something that belongs to the viewer."""


# Context names that describe the viewer: the auth, messages and notification context
# processors', the basket's, Oscar's product page's stock-alert state, and a staff member's
# previewed moment (preview_moment/).
PER_VIEWER_NAMES = ("user", "perms", "messages", "basket", "num_unread_notifications", "has_active_alert",
                    "alert_form", "csp_nonce", "preview_moment")

# Request attributes that are the same for every viewer of one URL.
SHARED_REQUEST_ATTRIBUTES = frozenset({
    "path", "path_info", "method", "GET", "scheme", "get_host", "get_port", "get_full_path", "get_full_path_info",
    "build_absolute_uri", "is_secure", "resolver_match", "LANGUAGE_CODE", "strategy", "urlconf",
    "_page_cache_generation", "_page_cache_since", "_page_cache_labels",
    "_wagtail_site", "_wagtail_cached_site_root_paths", "_imagery_pictures",
})


class PerViewer:
    """Stands in for a per-viewer value; any use of it raises PerViewerContent."""

    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def _refuse(self, *args, **kwargs):
        raise PerViewerContent(f"a shared fragment used “{self._name}”, which belongs to the viewer")

    __getattr__ = __getitem__ = __bool__ = __str__ = __iter__ = __len__ = __contains__ = __eq__ = _refuse
    __hash__ = object.__hash__

    def __repr__(self):
        return f"<per-viewer {self._name}>"


def _shared(name):
    # Wagtail keeps site settings it has read on the request as "_<app>.<model>": per site, not per viewer.
    return name in SHARED_REQUEST_ATTRIBUTES or (name.startswith("_") and "." in name)


class ViewerlessRequest:
    """The parts of a request every viewer of the URL shares (SHARED_REQUEST_ATTRIBUTES)."""

    def __init__(self, request):
        object.__setattr__(self, "_request", request)

    def __getattr__(self, name):
        if _shared(name):
            return getattr(self._request, name)
        raise PerViewerContent(f"a shared fragment read request.{name}, which may belong to the viewer")

    def __setattr__(self, name, value):
        if not _shared(name):
            raise PerViewerContent(f"a shared fragment set request.{name}")
        setattr(self._request, name, value)


def viewerless_names(context):
    """The context layer a shared fragment is rendered under."""
    names = {name: PerViewer(name) for name in PER_VIEWER_NAMES}
    request = context.get("request")
    names["request"] = ViewerlessRequest(request) if request is not None else None
    return names
