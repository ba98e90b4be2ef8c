import oscar.apps.customer.apps as apps
from django.contrib.auth.decorators import login_required
from django.urls import path


class CustomerConfig(apps.CustomerConfig):
    name = "commerce.customer"

    def get_urls(self):
        """Oscar's account URLs (the views the forked views.py overrides among them), the
        customer's data download at /shop/accounts/my-data/ and their saved cards (payments)."""
        from commerce.payments.account import remove_saved_card, saved_card_list

        from .views import download_my_data

        extra = [
            path("my-data/", login_required(download_my_data), name="download-my-data"),
            path("saved-cards/", login_required(saved_card_list), name="saved-cards"),
            path("saved-cards/<int:pk>/remove/", login_required(remove_saved_card), name="saved-card-remove"),
        ]
        return super().get_urls() + self.post_process_urls(extra)
