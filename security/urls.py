"""Mounted at /shop/accounts/ before Oscar's customer URLs (config/urls.py)."""
from django.urls import path, re_path

from . import views

app_name = "security"
urlpatterns = [
    path("my-data/", views.download_my_data, name="download-my-data"),
    path("profile/delete/", views.DeleteAccountView.as_view(), name="delete-account"),
    re_path(r"^addresses/(?P<pk>\d+)/(?P<action>default_for_(billing|shipping))/$",
            views.SetDefaultAddressView.as_view(), name="set-default-address"),
]
