"""Oscar's communication app, forked so its emails go through the Celery outbox and render
from plain values, never models, whoever edited the template (context.py).

The shop sends an event type's email with outbox.queue_event_email; Oscar's own senders
reach the outbox through the Dispatcher in utils.py."""
