"""Oscar's communication app, forked so its emails go through the Celery outbox (utils.py)
and render from plain values, never models, whoever edited the template (context.py)."""
