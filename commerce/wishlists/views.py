"""The shared wish-list page (/shop/wishlists/<key>/), found by Oscar's class loader."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from oscar.apps.wishlists import views


class WishListView(views.WishListView):
    """Oscar's shared wish-list page, but someone else's private list answers like a missing
    one (404): a 403 would confirm that a guessed key exists."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            raise Http404("No wish list found.") from None
