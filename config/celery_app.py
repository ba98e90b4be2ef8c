"""The Celery application: reads CELERY_* settings and finds each app's tasks.py.

Every task is an AfterCommitTask (config/background.py): the site queues work with
`task.queue_after_commit(...)`, and each task says what happens when the broker is down.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("larder", task_cls="config.background:AfterCommitTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
