from django.urls import path

from . import dead_letters

urlpatterns = [
    path("", dead_letters.undelivered, name="outbox-undelivered"),
    path("<int:pk>/retry/", dead_letters.retry, name="outbox-retry"),
]
