from django.urls import path

from . import views

app_name = "preview-moment"
urlpatterns = [
    path("", views.choose, name="choose"),
    path("leave/", views.leave, name="leave"),
]
