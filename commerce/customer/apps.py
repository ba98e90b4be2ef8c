import oscar.apps.customer.apps as apps
from django.contrib.auth.decorators import login_required
from django.urls import path


class CustomerConfig(apps.CustomerConfig):
    name = "commerce.customer"

    def get_urls(self):
        """Oscar's account URLs (the views the forked views.py overrides among them), and
        the customer's data download at /shop/accounts/my-data/."""
        from .views import download_my_data

        data_rights = [path("my-data/", login_required(download_my_data), name="download-my-data")]
        return super().get_urls() + self.post_process_urls(data_rights)
