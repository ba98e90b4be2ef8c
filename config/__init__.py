"""Project wiring: settings, URLs, WSGI/ASGI and the Celery app. No models live here."""
from .celery_app import app as celery_app

__all__ = ["celery_app"]
