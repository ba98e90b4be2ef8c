from oscar.apps.wishlists.models import *  # noqa: F401,F403
