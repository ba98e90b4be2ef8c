from oscar.apps.wishlists.admin import *  # noqa: F401,F403
