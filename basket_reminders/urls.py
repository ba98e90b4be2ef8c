from django.urls import path

from . import views

app_name = "basket-reminders"

urlpatterns = [
    path("restore/<str:token>/", views.restore, name="restore"),
]
