from django.urls import path

from . import views

app_name = "staff_2fa"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("verify/", views.verify, name="verify"),
    path("add-app/", views.enrol, name="enrol"),
]
