"""Oscar's communication app, forked so its emails go through the Celery outbox (utils.py)."""
