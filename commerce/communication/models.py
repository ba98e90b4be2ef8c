from oscar.apps.communication.models import *  # noqa: F401,F403  Oscar's own, unchanged
