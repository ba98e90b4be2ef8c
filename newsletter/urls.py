from django.urls import path

from . import basket_links, views

app_name = "newsletter"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.manage, name="manage"),
    path("basket/<str:token>/", basket_links.add_to_basket, name="add_to_basket"),
]
